/**
 * Fictitious names for generated cases, by the countries clients of Kommunales Integrationsmanagement
 * typically come from. Spellings are the ones German offices actually write (passport transliterations),
 * so search has to cope with the variants case managers type; `aliases` holds a second common spelling.
 * No entry describes a real person.
 */
import type { ResidenceStatus } from '../src/domain/index.ts';

export interface Origin {
  /** ISO 3166-1 alpha-2 (XK for Kosovo, as German authorities use it). */
  nationality: string;
  /** How often this origin is drawn, relative to the others. */
  weight: number;
  /** Family names; a pair is [male, female] for languages that inflect them. */
  familyNames: readonly (string | readonly [string, string])[];
  male: readonly string[];
  female: readonly string[];
  /** First languages as BCP 47 tags. */
  languages: readonly string[];
  /** Residence statuses typical for this origin, most frequent first. */
  statuses: readonly ResidenceStatus[];
}

export const ORIGINS: readonly Origin[] = [
  {
    nationality: 'SY',
    weight: 16,
    familyNames: ['Al-Hassan', 'Haddad', 'Khalil', 'Mansour', 'Nasser', 'Darwish', 'Saleh', 'Hamdan'],
    male: ['Mohammed', 'Ahmad', 'Khaled', 'Omar', 'Mahmoud', 'Youssef', 'Abdullah', 'Bashar', 'Samer'],
    female: ['Fatima', 'Amal', 'Rasha', 'Nour', 'Lina', 'Hiba', 'Aya', 'Rania', 'Dima'],
    languages: ['ar', 'kmr'],
    statuses: ['residence-permit', 'asylum-permission', 'settlement-permit', 'naturalised'],
  },
  {
    nationality: 'AF',
    weight: 12,
    familyNames: [
      'Ahmadi',
      'Hashimi',
      'Rahimi',
      'Karimi',
      'Sultani',
      'Hosseini',
      'Noori',
      'Azizi',
      'Haidari',
    ],
    male: ['Ahmad Shah', 'Mohammad Nabi', 'Farid', 'Wahid', 'Rahmatullah', 'Sayed Jawad', 'Mustafa'],
    female: ['Fereshta', 'Mariam', 'Zahra', 'Parwana', 'Nazanin', 'Shabnam', 'Malalai'],
    languages: ['fa-AF', 'ps'],
    statuses: ['residence-permit', 'toleration', 'asylum-permission', 'opportunity-residence'],
  },
  {
    nationality: 'UA',
    weight: 14,
    familyNames: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Tkachenko', 'Kravchenko', 'Melnyk', 'Boiko'],
    male: ['Oleksandr', 'Andrii', 'Serhii', 'Dmytro', 'Mykola', 'Volodymyr', 'Yurii'],
    female: ['Olena', 'Iryna', 'Nataliia', 'Tetiana', 'Oksana', 'Yuliia', 'Kateryna', 'Svitlana'],
    languages: ['uk', 'ru'],
    statuses: ['temporary-protection'],
  },
  {
    nationality: 'TR',
    weight: 8,
    familyNames: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Öztürk', 'Aydın', 'Doğan'],
    male: ['Mehmet', 'Mustafa', 'Hüseyin', 'Emre', 'Murat', 'Yusuf', 'Serkan'],
    female: ['Ayşe', 'Fatma', 'Elif', 'Zeynep', 'Emine', 'Hatice', 'Gülsüm'],
    languages: ['tr', 'kmr'],
    statuses: ['asylum-permission', 'residence-permit', 'toleration', 'settlement-permit'],
  },
  {
    nationality: 'IQ',
    weight: 8,
    familyNames: ['Al-Jabouri', 'Hussein', 'Abbas', 'Kareem', 'Murad', 'Qasim', 'Khudeda', 'Rashid'],
    male: ['Ali', 'Haider', 'Mustafa', 'Sherzad', 'Dilshad', 'Khalid', 'Hassan'],
    female: ['Shirin', 'Nadia', 'Zahraa', 'Bushra', 'Layla', 'Jihan', 'Nareen'],
    languages: ['ar', 'ckb', 'kmr'],
    statuses: ['residence-permit', 'toleration', 'asylum-permission', 'settlement-permit'],
  },
  {
    nationality: 'IR',
    weight: 5,
    familyNames: ['Mohammadi', 'Rostami', 'Jafari', 'Moradi', 'Ghasemi', 'Sadeghi', 'Rahmani', 'Kazemi'],
    male: ['Reza', 'Amir', 'Mehdi', 'Saeed', 'Behrouz', 'Hamid', 'Kourosh'],
    female: ['Maryam', 'Nasrin', 'Parisa', 'Leila', 'Azadeh', 'Shirin', 'Mahsa'],
    languages: ['fa'],
    statuses: ['asylum-permission', 'residence-permit', 'toleration'],
  },
  {
    nationality: 'ER',
    weight: 4,
    familyNames: ['Tesfaye', 'Haile', 'Gebremedhin', 'Tesfamariam', 'Woldu', 'Kidane', 'Berhane', 'Mehari'],
    male: ['Yonas', 'Dawit', 'Filmon', 'Semere', 'Abraham', 'Merhawi', 'Tesfalem'],
    female: ['Senait', 'Helen', 'Selam', 'Mebrat', 'Winta', 'Yodit', 'Saba'],
    languages: ['ti'],
    statuses: ['residence-permit', 'asylum-permission', 'settlement-permit'],
  },
  {
    nationality: 'RO',
    weight: 6,
    familyNames: ['Popescu', 'Ionescu', 'Popa', 'Dumitru', 'Stoica', 'Gheorghe', 'Rusu', 'Munteanu'],
    male: ['Ion', 'Andrei', 'Mihai', 'Florin', 'Gheorghe', 'Marian', 'Costel'],
    female: ['Maria', 'Elena', 'Ioana', 'Andreea', 'Mihaela', 'Florentina', 'Roxana'],
    languages: ['ro', 'rom'],
    statuses: ['eu-free-movement'],
  },
  {
    nationality: 'BG',
    weight: 5,
    familyNames: [
      ['Ivanov', 'Ivanova'],
      ['Petrov', 'Petrova'],
      ['Georgiev', 'Georgieva'],
      ['Dimitrov', 'Dimitrova'],
      ['Hristov', 'Hristova'],
      ['Stoyanov', 'Stoyanova'],
    ],
    male: ['Georgi', 'Dimitar', 'Ivan', 'Hristo', 'Nikolay', 'Stefan'],
    female: ['Desislava', 'Maria', 'Ivanka', 'Petya', 'Gergana', 'Radka'],
    languages: ['bg', 'tr', 'rom'],
    statuses: ['eu-free-movement'],
  },
  {
    nationality: 'PL',
    weight: 4,
    familyNames: [
      'Nowak',
      ['Kowalski', 'Kowalska'],
      ['Wiśniewski', 'Wiśniewska'],
      'Wójcik',
      ['Kamiński', 'Kamińska'],
      'Woźniak',
      ['Dąbrowski', 'Dąbrowska'],
    ],
    male: ['Piotr', 'Krzysztof', 'Tomasz', 'Paweł', 'Łukasz', 'Marcin'],
    female: ['Anna', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Joanna', 'Magdalena'],
    languages: ['pl'],
    statuses: ['eu-free-movement'],
  },
  {
    nationality: 'RU',
    weight: 3,
    familyNames: [
      ['Smirnov', 'Smirnova'],
      ['Kuznetsov', 'Kuznetsova'],
      ['Sokolov', 'Sokolova'],
      ['Morozov', 'Morozova'],
      ['Volkov', 'Volkova'],
    ],
    male: ['Aleksandr', 'Sergei', 'Dmitri', 'Andrei', 'Alexei', 'Maxim'],
    female: ['Olga', 'Natalia', 'Tatiana', 'Svetlana', 'Ekaterina', 'Anastasia'],
    languages: ['ru'],
    statuses: ['asylum-permission', 'residence-permit', 'settlement-permit'],
  },
  {
    nationality: 'SO',
    weight: 3,
    familyNames: ['Mohamed', 'Abdi', 'Hassan', 'Farah', 'Warsame', 'Jama', 'Abdullahi', 'Osman', 'Hirsi'],
    male: ['Abdirahman', 'Abdullahi', 'Mahad', 'Liban', 'Hamza', 'Yusuf'],
    female: ['Hodan', 'Fadumo', 'Amina', 'Sahra', 'Hawa', 'Nimco', 'Ifrah'],
    languages: ['so'],
    statuses: ['residence-permit', 'toleration', 'asylum-permission'],
  },
  {
    nationality: 'NG',
    weight: 3,
    familyNames: ['Okafor', 'Adeyemi', 'Okonkwo', 'Eze', 'Bello', 'Ogunleye', 'Nwosu', 'Adebayo'],
    male: ['Chinedu', 'Emeka', 'Oluwaseun', 'Tunde', 'Ifeanyi', 'Babatunde'],
    female: ['Ngozi', 'Chiamaka', 'Funmilayo', 'Adaeze', 'Blessing', 'Yetunde'],
    languages: ['yo', 'ig', 'en'],
    statuses: ['toleration', 'opportunity-residence', 'residence-permit'],
  },
  {
    nationality: 'XK',
    weight: 4,
    familyNames: ['Krasniqi', 'Gashi', 'Berisha', 'Morina', 'Shala', 'Hoxha', 'Bytyqi', 'Rexhepi'],
    male: ['Arben', 'Besnik', 'Driton', 'Ilir', 'Jusuf', 'Valon', 'Fatos'],
    female: ['Arta', 'Blerta', 'Drita', 'Mimoza', 'Vjosa', 'Albulena'],
    languages: ['sq'],
    statuses: ['residence-permit', 'toleration', 'settlement-permit'],
  },
  {
    nationality: 'DE',
    weight: 5,
    familyNames: ['Müller', 'Schröder', 'Köhler', 'Krüger', 'Schäfer', 'Jäger', 'Günther', 'Weiß', 'Groß'],
    male: ['Jürgen', 'Günter', 'Jörg', 'Uwe', 'Sven', 'Björn', 'Dieter'],
    female: ['Jutta', 'Bärbel', 'Sabine', 'Renate', 'Anke', 'Jana', 'Doris'],
    languages: ['de'],
    statuses: ['naturalised'],
  },
];

/** Second spellings clients' documents or earlier offices used; stored as aliases of the case. */
export const ALIASES: Readonly<Record<string, string>> = {
  Shevchenko: 'Schewtschenko',
  Kovalenko: 'Kowalenko',
  Tkachenko: 'Tkatschenko',
  Kravchenko: 'Krawtschenko',
  'Al-Hassan': 'Alhasan',
  Khalil: 'Chalil',
  Darwish: 'Darwisch',
  Youssef: 'Yusuf',
  Mohammed: 'Muhammad',
  Hosseini: 'Husseini',
  Rahimi: 'Rahemi',
  Hussein: 'Husain',
  Kareem: 'Karim',
  Haile: 'Hayle',
  Müller: 'Mueller',
  Okonkwo: 'Okonkow',
};

/** Cities in NRW with their Ausländerbehörde, and a postal code prefix. */
export const CITIES: readonly { city: string; postal: string }[] = [
  { city: 'Köln', postal: '50' },
  { city: 'Duisburg', postal: '47' },
  { city: 'Gelsenkirchen', postal: '45' },
  { city: 'Dortmund', postal: '44' },
  { city: 'Bielefeld', postal: '33' },
  { city: 'Hagen', postal: '58' },
  { city: 'Wuppertal', postal: '42' },
  { city: 'Münster', postal: '48' },
];

export const STREETS: readonly string[] = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Lindenweg',
  'Am Markt',
  'Gartenstraße',
  'Schillerstraße',
  'Kölner Straße',
  'Weststraße',
  'Im Grünen Winkel',
];
