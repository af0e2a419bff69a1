import { z } from 'zod';

/**
 * The closed vocabularies of a case file, as zod enums.
 *
 * Ids are stable English/ASCII strings that are written into Y.Docs and synced; they are never renamed or
 * reused, because an older app must keep reading what a newer one wrote. German and English texts for them
 * live in `labels.ts`. A value a newer app version added is read with `parseEnumLenient` (see `enum.ts`).
 */

/** Lebensbereiche, used for assessment, goals, contact topics and statistics. */
export const LIFE_DOMAINS = [
  'residence',
  'language',
  'work',
  'recognition',
  'livelihood',
  'housing',
  'health',
  'family',
  'participation',
  'other',
] as const;
export const lifeDomainSchema = z.enum(LIFE_DOMAINS);
export type LifeDomain = z.infer<typeof lifeDomainSchema>;

/** The six DGCC phases in order. */
export const DGCC_PHASES = [
  'intake',
  'assessment',
  'planning',
  'linking',
  'monitoring',
  'evaluation',
] as const;

/** Where a case stands: one of the DGCC phases, or `closed` once the closure is recorded. */
export const PHASES = [...DGCC_PHASES, 'closed'] as const;
export const phaseSchema = z.enum(PHASES);
export type Phase = z.infer<typeof phaseSchema>;

/** A full case-management case, or a Kurzberatung recorded with less detail. */
export const CASE_KINDS = ['case', 'short-counselling'] as const;
export const caseKindSchema = z.enum(CASE_KINDS);
export type CaseKind = z.infer<typeof caseKindSchema>;

/** Aufenthaltsstatus. § 24 and § 104c AufenthG have their own ids because deadlines and statistics differ. */
export const RESIDENCE_STATUSES = [
  'asylum-permission',
  'toleration',
  'residence-permit',
  'temporary-protection',
  'opportunity-residence',
  'settlement-permit',
  'eu-free-movement',
  'naturalised',
  'unclear',
] as const;
export const residenceStatusSchema = z.enum(RESIDENCE_STATUSES);
export type ResidenceStatus = z.infer<typeof residenceStatusSchema>;

/** Rechtskreis of the benefits a person receives. */
export const LEGAL_DOMAINS = ['sgb2', 'sgb12', 'asylblg', 'sgb3', 'none', 'unknown'] as const;
export const legalDomainSchema = z.enum(LEGAL_DOMAINS);
export type LegalDomain = z.infer<typeof legalDomainSchema>;

export const NEED_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export const needLevelSchema = z.enum(NEED_LEVELS);
export type NeedLevel = z.infer<typeof needLevelSchema>;

/** Status of goals and steps alike. */
export const GOAL_STATUSES = ['open', 'in-progress', 'achieved', 'not-achieved', 'discarded'] as const;
export const goalStatusSchema = z.enum(GOAL_STATUSES);
export type GoalStatus = z.infer<typeof goalStatusSchema>;

/** Statuses after which a goal or step no longer needs anyone's attention. */
export const FINISHED_GOAL_STATUSES: readonly GoalStatus[] = ['achieved', 'not-achieved', 'discarded'];

export const RESPONSIBLE_PARTIES = ['client', 'case-manager', 'partner'] as const;
export const responsiblePartySchema = z.enum(RESPONSIBLE_PARTIES);
export type ResponsibleParty = z.infer<typeof responsiblePartySchema>;

export const CONTACT_KINDS = ['office', 'home-visit', 'accompaniment', 'phone', 'video', 'outreach'] as const;
export const contactKindSchema = z.enum(CONTACT_KINDS);
export type ContactKind = z.infer<typeof contactKindSchema>;

export const INTERPRETER_KINDS = ['professional', 'volunteer'] as const;
export const interpreterKindSchema = z.enum(INTERPRETER_KINDS);
export type InterpreterKind = z.infer<typeof interpreterKindSchema>;

export const REFERRAL_STATUSES = ['proposed', 'agreed', 'attended', 'cancelled'] as const;
export const referralStatusSchema = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof referralStatusSchema>;

/**
 * What kind of service a Netzwerkpartner offers; coordination's reports count referrals by it. A closed list,
 * so that partners of different teams add up.
 */
export const PARTNER_CATEGORIES = [
  'migration-counselling',
  'language-course',
  'work-training',
  'housing',
  'health',
  'family-school',
  'authority',
  'volunteering-community',
  'other',
] as const;
export const partnerCategorySchema = z.enum(PARTNER_CATEGORIES);
export type PartnerCategory = z.infer<typeof partnerCategorySchema>;

export const CONSENT_FORMS = ['written', 'oral-documented', 'signed-on-tablet'] as const;
export const consentFormSchema = z.enum(CONSENT_FORMS);
export type ConsentForm = z.infer<typeof consentFormSchema>;

/** Categories of data a consent covers; health is its own category because of Art. 9 DSGVO. */
export const CONSENT_DATA_CATEGORIES = [
  'identity',
  'contact',
  'residence',
  'benefits',
  'work-education',
  'family',
  'health',
  'case-notes',
] as const;
export const consentDataCategorySchema = z.enum(CONSENT_DATA_CATEGORIES);
export type ConsentDataCategory = z.infer<typeof consentDataCategorySchema>;

/** Zugangsweg: how the person came to case management. */
export const ACCESS_ROUTES = ['self', 'abh', 'jobcenter', 'school', 'other-service'] as const;
export const accessRouteSchema = z.enum(ACCESS_ROUTES);
export type AccessRoute = z.infer<typeof accessRouteSchema>;

export const CLOSURE_REASONS = [
  'goals-achieved',
  'handed-over',
  'moved-away',
  'contact-lost',
  'naturalised',
  'other',
] as const;
export const closureReasonSchema = z.enum(CLOSURE_REASONS);
export type ClosureReason = z.infer<typeof closureReasonSchema>;

/** Relation of a household member to the person the case is about. */
export const HOUSEHOLD_RELATIONS = [
  'spouse',
  'partner',
  'child',
  'parent',
  'sibling',
  'other-relative',
  'other',
] as const;
export const householdRelationSchema = z.enum(HOUSEHOLD_RELATIONS);
export type HouseholdRelation = z.infer<typeof householdRelationSchema>;

/** CEFR levels, plus first language. */
export const LANGUAGE_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'] as const;
export const languageLevelSchema = z.enum(LANGUAGE_LEVELS);
export type LanguageLevel = z.infer<typeof languageLevelSchema>;

/**
 * The period a notice (Bescheid) can be challenged in. One month is the rule (§ 70 VwGO, § 84 SGG, § 74
 * VwGO); BAMF asylum decisions have two weeks or one week (§ 74 Abs. 1 AsylG), and a missing or wrong
 * Rechtsbehelfsbelehrung extends the period to one year (§ 58 Abs. 2 VwGO, § 66 Abs. 2 SGG).
 */
export const NOTICE_PERIODS = ['one-month', 'two-weeks', 'one-week', 'one-year'] as const;
export const noticePeriodSchema = z.enum(NOTICE_PERIODS);
export type NoticePeriod = z.infer<typeof noticePeriodSchema>;

/** Every vocabulary by name, so labels and lenient parsing can be looked up generically. */
/** Geschlecht as the person states it; counted in coordination's reports only as a total per value. */
export const GENDERS = ['female', 'male', 'diverse'] as const;
export const genderSchema = z.enum(GENDERS);

/** The residence pathways Lotse gives hints for (`src/domain/pathways/`). */
export const PATHWAYS = ['25a', '25b', '25b-6', '104c', 'naturalisation'] as const;
export const pathwaySchema = z.enum(PATHWAYS);
export type Pathway = z.infer<typeof pathwaySchema>;

/** Documents a residence or naturalisation application usually needs. */
export const DOCUMENT_KINDS = [
  'passport',
  'identity-proof',
  'residence-document',
  'birth-certificate',
  'marriage-certificate',
  'cv',
  'language-certificate',
  'integration-course-certificate',
  'lid-test-certificate',
  'naturalisation-test-certificate',
  'school-certificate',
  'payslips',
  'employment-contract',
  'pension-record',
  'benefits-notice',
  'other',
] as const;
export const documentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof documentKindSchema>;

/** Where a document of the checklist stands: fehlt, angefordert, liegt vor, eingereicht. */
export const DOCUMENT_STATUSES = ['missing', 'requested', 'available', 'submitted'] as const;
export const documentStatusSchema = z.enum(DOCUMENT_STATUSES);

/** The authorities of Baustein 3: Ausländerbehörde and Einbürgerungsbehörde. */
export const AUTHORITIES = ['abh', 'ebh'] as const;
export const authoritySchema = z.enum(AUTHORITIES);

/** What became of an application handed over to the ABH or EBH. */
export const APPLICATION_OUTCOMES = ['applied', 'in-review', 'granted', 'refused', 'withdrawn'] as const;
export const applicationOutcomeSchema = z.enum(APPLICATION_OUTCOMES);

/** How much of a household's living is secured without benefits, as assessed for § 25b AufenthG. */
export const LIVELIHOOD_SHARES = ['full', 'more-than-half', 'expected', 'less'] as const;
export const livelihoodShareSchema = z.enum(LIVELIHOOD_SHARES);

/** Who may naturalise while receiving SGB II/XII benefits (§ 10 Abs. 1 S. 1 Nr. 3 StAG). */
export const LIVELIHOOD_EXCEPTIONS = [
  'guest-worker',
  'full-time-work',
  'spouse-of-full-time-worker',
] as const;
export const livelihoodExceptionSchema = z.enum(LIVELIHOOD_EXCEPTIONS);

/**
 * Where coordination stands with a Thema (a structural barrier many cases share), in the order it usually
 * moves: reported, worked on in a working group, put before the Lenkungsgruppe, a measure decided,
 * implemented; or not pursued further.
 */
export const THEMA_STATUSES = [
  'reported',
  'working-group',
  'steering-group',
  'measure-decided',
  'implemented',
  'not-pursued',
] as const;
export const themaStatusSchema = z.enum(THEMA_STATUSES);
export type ThemaStatus = z.infer<typeof themaStatusSchema>;

/**
 * What an appointment is for, coarsely: the only word about its reason that a calendar export carries, so
 * the categories name the kind of office, never a diagnosis or a procedure.
 */
export const APPOINTMENT_PURPOSES = [
  'residence',
  'benefits',
  'work',
  'language',
  'housing',
  'health',
  'family-school',
  'counselling',
  'other',
] as const;
export const appointmentPurposeSchema = z.enum(APPOINTMENT_PURPOSES);
export type AppointmentPurpose = z.infer<typeof appointmentPurposeSchema>;

export const VOCABULARIES = {
  lifeDomain: LIFE_DOMAINS,
  phase: PHASES,
  caseKind: CASE_KINDS,
  residenceStatus: RESIDENCE_STATUSES,
  legalDomain: LEGAL_DOMAINS,
  needLevel: NEED_LEVELS,
  goalStatus: GOAL_STATUSES,
  responsibleParty: RESPONSIBLE_PARTIES,
  contactKind: CONTACT_KINDS,
  interpreterKind: INTERPRETER_KINDS,
  referralStatus: REFERRAL_STATUSES,
  partnerCategory: PARTNER_CATEGORIES,
  consentForm: CONSENT_FORMS,
  consentDataCategory: CONSENT_DATA_CATEGORIES,
  accessRoute: ACCESS_ROUTES,
  closureReason: CLOSURE_REASONS,
  householdRelation: HOUSEHOLD_RELATIONS,
  languageLevel: LANGUAGE_LEVELS,
  noticePeriod: NOTICE_PERIODS,
  themaStatus: THEMA_STATUSES,
  livelihoodShare: LIVELIHOOD_SHARES,
  livelihoodException: LIVELIHOOD_EXCEPTIONS,
  gender: GENDERS,
  pathway: PATHWAYS,
  documentKind: DOCUMENT_KINDS,
  documentStatus: DOCUMENT_STATUSES,
  authority: AUTHORITIES,
  applicationOutcome: APPLICATION_OUTCOMES,
  appointmentPurpose: APPOINTMENT_PURPOSES,
} as const;

export type VocabularyName = keyof typeof VOCABULARIES;
export type VocabularyValue<V extends VocabularyName> = (typeof VOCABULARIES)[V][number];
