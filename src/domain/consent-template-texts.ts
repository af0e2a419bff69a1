import type { ConsentPhrases, ConsentTemplate, Review } from './consent-templates.ts';

/**
 * The consent templates and texts Lotse ships. German is the original; English is maintained with it.
 * Arabic, Ukrainian and Turkish are samples for the organisation to have reviewed: the app marks them as
 * unreviewed to the case manager (never to the client) until a reviewed translation is imported.
 * Changing a text means raising the template's version, so a stored consent keeps naming its wording.
 */

export const SHIPPED_TEMPLATES: readonly ConsentTemplate[] = [
  {
    id: 'case-management',
    version: 1,
    recipient: 'case-management',
    partnerCategories: [],
    dataCategories: [
      'identity',
      'contact',
      'residence',
      'benefits',
      'work-education',
      'family',
      'case-notes',
    ],
    validityMonths: 24,
    texts: {
      de: {
        title: 'Einwilligung in das Case-Management',
        purpose:
          'Beratung und Begleitung im Case-Management: Ihre Lage verstehen, mit Ihnen Ziele und Schritte planen und aufschreiben, was wir besprechen.',
      },
      en: {
        title: 'Consent to case management',
        purpose:
          'Counselling and support in case management: understanding your situation, planning goals and steps with you, and writing down what we discuss.',
      },
      ar: {
        title: 'الموافقة على إدارة الحالة',
        purpose:
          'الاستشارة والمرافقة في إدارة الحالة: فهم وضعك، والتخطيط معك للأهداف والخطوات، وتدوين ما نتحدث عنه.',
      },
      uk: {
        title: 'Згода на кейс-менеджмент',
        purpose:
          'Консультування та супровід у кейс-менеджменті: зрозуміти вашу ситуацію, разом з вами планувати цілі та кроки і записувати те, що ми обговорюємо.',
      },
      tr: {
        title: 'Vaka yönetimine onay',
        purpose:
          'Vaka yönetiminde danışmanlık ve destek: durumunuzu anlamak, sizinle hedefleri ve adımları planlamak ve konuştuklarımızı yazmak.',
      },
    },
  },
  {
    id: 'jobcenter',
    version: 1,
    recipient: 'partner',
    partnerCategories: ['authority', 'work-training'],
    recipientHint: 'Jobcenter',
    dataCategories: ['identity', 'contact', 'residence', 'benefits', 'work-education'],
    validityMonths: 12,
    texts: {
      de: {
        title: 'Schweigepflichtentbindung gegenüber dem Jobcenter',
        purpose: 'Abstimmung mit dem Jobcenter über Leistungen, Sprachkurs, Arbeit und Ausbildung.',
      },
      en: {
        title: 'Release from confidentiality towards the Jobcenter',
        purpose: 'Coordinating with the Jobcenter about benefits, language course, work and training.',
      },
      ar: {
        title: 'الإعفاء من واجب السرية تجاه مركز العمل (Jobcenter)',
        purpose: 'التنسيق مع مركز العمل بشأن المساعدات ودورة اللغة والعمل والتدريب المهني.',
      },
      uk: {
        title: 'Звільнення від обов’язку конфіденційності щодо Jobcenter',
        purpose: 'Узгодження з Jobcenter щодо виплат, мовного курсу, роботи та навчання.',
      },
      tr: {
        title: 'Jobcenter’a karşı gizlilik yükümlülüğünden muafiyet',
        purpose: 'Yardımlar, dil kursu, iş ve meslek eğitimi konusunda Jobcenter ile görüşme.',
      },
    },
  },
  {
    id: 'immigration-office',
    version: 1,
    recipient: 'partner',
    partnerCategories: ['authority'],
    recipientHint: 'Ausländerbehörde',
    dataCategories: ['identity', 'contact', 'residence', 'work-education', 'family'],
    validityMonths: 12,
    texts: {
      de: {
        title: 'Schweigepflichtentbindung gegenüber der Ausländer- oder Einbürgerungsbehörde',
        purpose:
          'Abstimmung mit der Ausländer- oder Einbürgerungsbehörde über Ihren Aufenthalt, Anträge und Unterlagen, auch um Anträge für Sie zu übergeben.',
      },
      en: {
        title: 'Release from confidentiality towards the immigration or naturalisation office',
        purpose:
          'Coordinating with the immigration or naturalisation office about your residence, applications and documents, including handing over applications for you.',
      },
      ar: {
        title: 'الإعفاء من واجب السرية تجاه دائرة الأجانب أو دائرة التجنيس',
        purpose:
          'التنسيق مع دائرة الأجانب أو دائرة التجنيس بشأن إقامتك وطلباتك ووثائقك، وكذلك تسليم الطلبات نيابة عنك.',
      },
      uk: {
        title:
          'Звільнення від обов’язку конфіденційності щодо відомства у справах іноземців або натуралізації',
        purpose:
          'Узгодження з відомством у справах іноземців або натуралізації щодо вашого перебування, заяв і документів, зокрема передача заяв за вас.',
      },
      tr: {
        title: 'Yabancılar Dairesi veya Vatandaşlık Dairesi’ne karşı gizlilik yükümlülüğünden muafiyet',
        purpose:
          'Oturumunuz, başvurularınız ve belgeleriniz hakkında Yabancılar Dairesi veya Vatandaşlık Dairesi ile görüşme; sizin adınıza başvuru teslimi dahil.',
      },
    },
  },
  {
    id: 'school-kita',
    version: 1,
    recipient: 'partner',
    partnerCategories: ['family-school'],
    dataCategories: ['identity', 'contact', 'family'],
    validityMonths: 12,
    texts: {
      de: {
        title: 'Schweigepflichtentbindung gegenüber Schule oder Kita',
        purpose:
          'Abstimmung mit der Schule oder Kita Ihres Kindes über Anmeldung, Betreuung und Unterstützung.',
      },
      en: {
        title: 'Release from confidentiality towards a school or day-care centre',
        purpose:
          'Coordinating with your child’s school or day-care centre about registration, care and support.',
      },
      ar: {
        title: 'الإعفاء من واجب السرية تجاه المدرسة أو الروضة',
        purpose: 'التنسيق مع مدرسة طفلك أو روضته بشأن التسجيل والرعاية والدعم.',
      },
      uk: {
        title: 'Звільнення від обов’язку конфіденційності щодо школи або дитсадка',
        purpose: 'Узгодження зі школою або дитсадком вашої дитини щодо запису, догляду та підтримки.',
      },
      tr: {
        title: 'Okul veya kreşe karşı gizlilik yükümlülüğünden muafiyet',
        purpose: 'Çocuğunuzun okulu veya kreşi ile kayıt, bakım ve destek konusunda görüşme.',
      },
    },
  },
  {
    id: 'health-services',
    version: 1,
    recipient: 'partner',
    partnerCategories: ['health'],
    dataCategories: ['identity', 'contact', 'health'],
    validityMonths: 6,
    texts: {
      de: {
        title: 'Schweigepflichtentbindung gegenüber Gesundheitsdiensten',
        purpose:
          'Abstimmung mit einem Gesundheitsdienst oder einer Beratungsstelle über Behandlung und Unterstützung.',
      },
      en: {
        title: 'Release from confidentiality towards health services',
        purpose: 'Coordinating with a health service or counselling centre about treatment and support.',
      },
      ar: {
        title: 'الإعفاء من واجب السرية تجاه الخدمات الصحية',
        purpose: 'التنسيق مع خدمة صحية أو مركز استشارة بشأن العلاج والدعم.',
      },
      uk: {
        title: 'Звільнення від обов’язку конфіденційності щодо служб охорони здоров’я',
        purpose:
          'Узгодження зі службою охорони здоров’я або консультаційним центром щодо лікування та підтримки.',
      },
      tr: {
        title: 'Sağlık hizmetlerine karşı gizlilik yükümlülüğünden muafiyet',
        purpose: 'Bir sağlık hizmeti veya danışma merkezi ile tedavi ve destek konusunda görüşme.',
      },
    },
  },
];

const SHIPPED_REVIEW: Review = { reviewedBy: 'Lotse (ausgelieferte Fassung)', reviewedOn: '2026-12-07' };
const SAMPLE: Review = { sample: true };

export const SHIPPED_PHRASES: Partial<Record<string, { review: Review; phrases: ConsentPhrases }>> = {
  de: {
    review: SHIPPED_REVIEW,
    phrases: {
      recipient:
        'Ich bin einverstanden, dass meine Daten mit dieser Stelle ausgetauscht werden: {recipient}.',
      purpose: 'Wofür:',
      categories: 'Welche Daten:',
      categoryNames: {
        identity: 'Name und Geburtsdatum',
        contact: 'Adresse und Telefon',
        residence: 'Aufenthalt',
        benefits: 'Leistungen',
        'work-education': 'Arbeit und Ausbildung',
        family: 'Familie und Haushalt',
        health: 'Gesundheit',
        'case-notes': 'Inhalte der Beratung',
      },
      art9: 'Gesundheitsdaten sind besonders geschützt. Sie werden nur für den genannten Zweck weitergegeben.',
      validUntil: 'Die Einwilligung gilt bis zum {date}.',
      voluntary:
        'Die Einwilligung ist freiwillig. Wenn Sie nicht einwilligen, bekommen Sie trotzdem Beratung.',
      withdrawal:
        'Sie können die Einwilligung jederzeit ganz oder teilweise widerrufen, mündlich oder schriftlich. Der Widerruf gilt ab dem Tag, an dem Sie ihn erklären.',
      agree: 'Ich habe den Text verstanden und bin einverstanden.',
      signature: 'Unterschrift',
      date: 'Datum',
    },
  },
  en: {
    review: SHIPPED_REVIEW,
    phrases: {
      recipient: 'I agree that my data is exchanged with this recipient: {recipient}.',
      purpose: 'What for:',
      categories: 'Which data:',
      categoryNames: {
        identity: 'name and date of birth',
        contact: 'address and phone',
        residence: 'residence',
        benefits: 'benefits',
        'work-education': 'work and training',
        family: 'family and household',
        health: 'health',
        'case-notes': 'what is discussed in counselling',
      },
      art9: 'Health data is specially protected. It is only passed on for the purpose named.',
      validUntil: 'This consent is valid until {date}.',
      voluntary: 'This consent is voluntary. If you do not agree, you will still receive counselling.',
      withdrawal:
        'You can withdraw this consent at any time, in whole or in part, orally or in writing. The withdrawal applies from the day you declare it.',
      agree: 'I have understood the text and I agree.',
      signature: 'Signature',
      date: 'Date',
    },
  },
  ar: {
    review: SAMPLE,
    phrases: {
      recipient: 'أوافق على تبادل بياناتي مع هذه الجهة: {recipient}.',
      purpose: 'لأي غرض:',
      categories: 'أي بيانات:',
      categoryNames: {
        identity: 'الاسم وتاريخ الميلاد',
        contact: 'العنوان والهاتف',
        residence: 'الإقامة',
        benefits: 'المساعدات',
        'work-education': 'العمل والتدريب',
        family: 'الأسرة والأسرة المعيشية',
        health: 'الصحة',
        'case-notes': 'محتوى الاستشارة',
      },
      art9: 'البيانات الصحية محمية بشكل خاص. لا تُنقل إلا للغرض المذكور.',
      validUntil: 'هذه الموافقة سارية حتى {date}.',
      voluntary: 'هذه الموافقة طوعية. إذا لم توافق، ستحصل على الاستشارة رغم ذلك.',
      withdrawal:
        'يمكنك سحب هذه الموافقة في أي وقت، كليًا أو جزئيًا، شفهيًا أو كتابيًا. يسري السحب من يوم إعلانه.',
      agree: 'لقد فهمت النص وأوافق عليه.',
      signature: 'التوقيع',
      date: 'التاريخ',
    },
  },
  uk: {
    review: SAMPLE,
    phrases: {
      recipient: 'Я погоджуюся, що моїми даними обмінюватимуться з цією установою: {recipient}.',
      purpose: 'Для чого:',
      categories: 'Які дані:',
      categoryNames: {
        identity: 'ім’я та дата народження',
        contact: 'адреса і телефон',
        residence: 'перебування',
        benefits: 'виплати',
        'work-education': 'робота і навчання',
        family: 'сім’я і домогосподарство',
        health: 'здоров’я',
        'case-notes': 'зміст консультацій',
      },
      art9: 'Дані про здоров’я особливо захищені. Їх передають лише для зазначеної мети.',
      validUntil: 'Ця згода дійсна до {date}.',
      voluntary: 'Ця згода добровільна. Якщо ви не погоджуєтеся, ви все одно отримаєте консультацію.',
      withdrawal:
        'Ви можете будь-коли відкликати згоду повністю або частково, усно чи письмово. Відкликання діє з дня, коли ви про нього заявили.',
      agree: 'Я зрозумів(-ла) текст і погоджуюся.',
      signature: 'Підпис',
      date: 'Дата',
    },
  },
  tr: {
    review: SAMPLE,
    phrases: {
      recipient: 'Verilerimin şu kurumla paylaşılmasını kabul ediyorum: {recipient}.',
      purpose: 'Ne için:',
      categories: 'Hangi veriler:',
      categoryNames: {
        identity: 'ad ve doğum tarihi',
        contact: 'adres ve telefon',
        residence: 'oturum',
        benefits: 'yardımlar',
        'work-education': 'iş ve eğitim',
        family: 'aile ve hane',
        health: 'sağlık',
        'case-notes': 'danışmanlık içerikleri',
      },
      art9: 'Sağlık verileri özel olarak korunur. Yalnızca belirtilen amaç için paylaşılır.',
      validUntil: 'Bu onay {date} tarihine kadar geçerlidir.',
      voluntary: 'Bu onay gönüllüdür. Onay vermezseniz de danışmanlık almaya devam edersiniz.',
      withdrawal:
        'Bu onayı istediğiniz zaman tamamen veya kısmen, sözlü veya yazılı olarak geri alabilirsiniz. Geri alma, bildirdiğiniz günden itibaren geçerlidir.',
      agree: 'Metni anladım ve kabul ediyorum.',
      signature: 'İmza',
      date: 'Tarih',
    },
  },
};
