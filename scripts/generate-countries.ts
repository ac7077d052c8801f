/**
 * Generates src/core/lexicon/countries.json: one state actor per sovereign country, with its
 * English name from ICU (`Intl.DisplayNames`), common alternative names and demonyms.
 *
 *   node -r esbuild-register scripts/generate-countries.ts
 *
 * The output is deterministic (entries sorted by id, stable key order) so that a regeneration
 * only shows up in a diff when this table or the ICU data changed.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { slugify } from '../src/core/actors';

/** ISO 3166-1 alpha-2, all 249 assigned codes, plus XK (Kosovo, user-assigned but universal). */
const ISO_CODES = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK
`.trim().split(/\s+/);

/**
 * Dependent territories and uninhabited areas: not actors in policy texts, and several of
 * their names are ordinary words or first names ("Jersey", "Guernsey", "Man") that would
 * produce false mentions.
 */
const NOT_SOVEREIGN = new Set(`
AI AQ AS AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HM IM IO JE KY MF MP MQ MS
NC NF NU PF PM PN PR RE SH SJ SX TC TF TK UM VG VI WF YT
`.trim().split(/\s+/));

/** Where ICU's short display name is not the name policy texts use. */
const CANONICAL_NAME: Readonly<Record<string, string>> = {
  CD: 'Democratic Republic of the Congo',
  CG: 'Republic of the Congo',
  HK: 'Hong Kong',
  MO: 'Macau',
  PS: 'Palestine',
};

/** Alternative names, abbreviations and older names, as they are written in texts. */
const OTHER_NAMES: Readonly<Record<string, readonly string[]>> = {
  AE: ['UAE', 'U.A.E.'],
  BA: ['Bosnia'],
  CD: ['DRC', 'DR Congo', 'Congo-Kinshasa'],
  CG: ['Congo-Brazzaville', 'Republic of Congo'],
  CI: ['Ivory Coast', "Cote d'Ivoire", 'Cote d’Ivoire'],
  CN: ['PRC', 'People’s Republic of China', "People's Republic of China"],
  CV: ['Cabo Verde'],
  CZ: ['Czech Republic'],
  FM: ['Federated States of Micronesia'],
  GB: ['UK', 'U.K.', 'Britain', 'Great Britain'],
  IR: ['Islamic Republic of Iran'],
  KP: ['DPRK', 'Democratic People’s Republic of Korea', "Democratic People's Republic of Korea"],
  KR: ['ROK', 'Republic of Korea'],
  MO: ['Macao'],
  NL: ['Holland'],
  PK: ['Pak', 'Islamic Republic of Pakistan'],
  PS: ['State of Palestine'],
  RU: ['Russian Federation'],
  SA: ['KSA', 'Kingdom of Saudi Arabia'],
  SY: ['Syrian Arab Republic'],
  SZ: ['Swaziland'],
  TL: ['East Timor'],
  TR: ['Turkey'],
  TW: ['Republic of China'],
  US: ['US', 'U.S.', 'USA', 'U.S.A.', 'America', 'United States of America'],
  VA: ['Holy See', 'Vatican'],
  VN: ['Viet Nam'],
};

/**
 * Demonyms: the adjective first, then the plural noun where English has one ("the Chinese"
 * has none). A demonym shared by two countries is left out ("Congolese", "Korean").
 */
const DEMONYMS: Readonly<Record<string, readonly string[]>> = {
  AD: ['Andorran', 'Andorrans'],
  AE: ['Emirati', 'Emiratis'],
  AF: ['Afghan', 'Afghans'],
  AG: ['Antiguan', 'Antiguans'],
  AL: ['Albanian', 'Albanians'],
  AM: ['Armenian', 'Armenians'],
  AO: ['Angolan', 'Angolans'],
  AR: ['Argentine', 'Argentinian', 'Argentines', 'Argentinians'],
  AT: ['Austrian', 'Austrians'],
  AU: ['Australian', 'Australians'],
  AZ: ['Azerbaijani', 'Azerbaijanis', 'Azeri', 'Azeris'],
  BA: ['Bosnian', 'Bosnians'],
  BB: ['Barbadian', 'Barbadians'],
  BD: ['Bangladeshi', 'Bangladeshis'],
  BE: ['Belgian', 'Belgians'],
  BF: ['Burkinabe', 'Burkinabé'],
  BG: ['Bulgarian', 'Bulgarians'],
  BH: ['Bahraini', 'Bahrainis'],
  BI: ['Burundian', 'Burundians'],
  BJ: ['Beninese'],
  BN: ['Bruneian', 'Bruneians'],
  BO: ['Bolivian', 'Bolivians'],
  BR: ['Brazilian', 'Brazilians'],
  BS: ['Bahamian', 'Bahamians'],
  BT: ['Bhutanese'],
  BW: ['Motswana', 'Batswana'],
  BY: ['Belarusian', 'Belarusians'],
  BZ: ['Belizean', 'Belizeans'],
  CA: ['Canadian', 'Canadians'],
  CD: ['Congolese'],
  CF: ['Central African', 'Central Africans'],
  CH: ['Swiss'],
  CI: ['Ivorian', 'Ivorians'],
  CL: ['Chilean', 'Chileans'],
  CM: ['Cameroonian', 'Cameroonians'],
  CN: ['Chinese'],
  CO: ['Colombian', 'Colombians'],
  CR: ['Costa Rican', 'Costa Ricans'],
  CU: ['Cuban', 'Cubans'],
  CV: ['Cape Verdean', 'Cape Verdeans'],
  CY: ['Cypriot', 'Cypriots'],
  CZ: ['Czech', 'Czechs'],
  DE: ['German', 'Germans'],
  DJ: ['Djiboutian', 'Djiboutians'],
  DK: ['Danish', 'Danes'],
  DO: ['Dominican', 'Dominicans'],
  DZ: ['Algerian', 'Algerians'],
  EC: ['Ecuadorian', 'Ecuadorians'],
  EE: ['Estonian', 'Estonians'],
  EG: ['Egyptian', 'Egyptians'],
  ER: ['Eritrean', 'Eritreans'],
  ES: ['Spanish', 'Spaniards'],
  ET: ['Ethiopian', 'Ethiopians'],
  FI: ['Finnish', 'Finns'],
  FJ: ['Fijian', 'Fijians'],
  FM: ['Micronesian', 'Micronesians'],
  FR: ['French'],
  GA: ['Gabonese'],
  GB: ['British', 'Britons', 'Brits'],
  GD: ['Grenadian', 'Grenadians'],
  GE: ['Georgian', 'Georgians'],
  GH: ['Ghanaian', 'Ghanaians'],
  GM: ['Gambian', 'Gambians'],
  GN: ['Guinean', 'Guineans'],
  GQ: ['Equatoguinean', 'Equatoguineans'],
  GR: ['Greek', 'Greeks'],
  GT: ['Guatemalan', 'Guatemalans'],
  GW: ['Bissau-Guinean', 'Bissau-Guineans'],
  GY: ['Guyanese'],
  HK: ['Hongkonger', 'Hongkongers'],
  HN: ['Honduran', 'Hondurans'],
  HR: ['Croatian', 'Croatians', 'Croats'],
  HT: ['Haitian', 'Haitians'],
  HU: ['Hungarian', 'Hungarians'],
  ID: ['Indonesian', 'Indonesians'],
  IE: ['Irish'],
  IL: ['Israeli', 'Israelis'],
  IN: ['Indian', 'Indians'],
  IQ: ['Iraqi', 'Iraqis'],
  IR: ['Iranian', 'Iranians'],
  IS: ['Icelandic', 'Icelanders'],
  IT: ['Italian', 'Italians'],
  JM: ['Jamaican', 'Jamaicans'],
  JO: ['Jordanian', 'Jordanians'],
  JP: ['Japanese'],
  KE: ['Kenyan', 'Kenyans'],
  KG: ['Kyrgyz', 'Kyrgyzstani'],
  KH: ['Cambodian', 'Cambodians'],
  KI: ['I-Kiribati'],
  KM: ['Comorian', 'Comorians'],
  KN: ['Kittitian', 'Kittitians'],
  KP: ['North Korean', 'North Koreans'],
  KR: ['South Korean', 'South Koreans'],
  KW: ['Kuwaiti', 'Kuwaitis'],
  KZ: ['Kazakh', 'Kazakhs', 'Kazakhstani', 'Kazakhstanis'],
  LA: ['Lao', 'Laotian', 'Laotians'],
  LB: ['Lebanese'],
  LC: ['Saint Lucian', 'Saint Lucians'],
  LI: ['Liechtensteiner', 'Liechtensteiners'],
  LK: ['Sri Lankan', 'Sri Lankans'],
  LR: ['Liberian', 'Liberians'],
  LS: ['Basotho', 'Mosotho'],
  LT: ['Lithuanian', 'Lithuanians'],
  LU: ['Luxembourgish', 'Luxembourgers'],
  LV: ['Latvian', 'Latvians'],
  LY: ['Libyan', 'Libyans'],
  MA: ['Moroccan', 'Moroccans'],
  MC: ['Monegasque', 'Monégasque', 'Monegasques'],
  MD: ['Moldovan', 'Moldovans'],
  ME: ['Montenegrin', 'Montenegrins'],
  MG: ['Malagasy'],
  MH: ['Marshallese'],
  MK: ['North Macedonian', 'North Macedonians'],
  ML: ['Malian', 'Malians'],
  MM: ['Burmese'],
  MN: ['Mongolian', 'Mongolians'],
  MO: ['Macanese'],
  MR: ['Mauritanian', 'Mauritanians'],
  MT: ['Maltese'],
  MU: ['Mauritian', 'Mauritians'],
  MV: ['Maldivian', 'Maldivians'],
  MW: ['Malawian', 'Malawians'],
  MX: ['Mexican', 'Mexicans'],
  MY: ['Malaysian', 'Malaysians'],
  MZ: ['Mozambican', 'Mozambicans'],
  NA: ['Namibian', 'Namibians'],
  NE: ['Nigerien', 'Nigeriens'],
  NG: ['Nigerian', 'Nigerians'],
  NI: ['Nicaraguan', 'Nicaraguans'],
  NL: ['Dutch'],
  NO: ['Norwegian', 'Norwegians'],
  NP: ['Nepali', 'Nepalis', 'Nepalese'],
  NR: ['Nauruan', 'Nauruans'],
  NZ: ['New Zealander', 'New Zealanders'],
  OM: ['Omani', 'Omanis'],
  PA: ['Panamanian', 'Panamanians'],
  PE: ['Peruvian', 'Peruvians'],
  PG: ['Papua New Guinean', 'Papua New Guineans'],
  PH: ['Filipino', 'Filipinos', 'Philippine'],
  PK: ['Pakistani', 'Pakistanis'],
  PL: ['Polish', 'Poles'],
  PS: ['Palestinian', 'Palestinians'],
  PT: ['Portuguese'],
  PW: ['Palauan', 'Palauans'],
  PY: ['Paraguayan', 'Paraguayans'],
  QA: ['Qatari', 'Qataris'],
  RO: ['Romanian', 'Romanians'],
  RS: ['Serbian', 'Serbians', 'Serbs'],
  RU: ['Russian', 'Russians'],
  RW: ['Rwandan', 'Rwandans'],
  SA: ['Saudi', 'Saudis', 'Saudi Arabian', 'Saudi Arabians'],
  SB: ['Solomon Islander', 'Solomon Islanders'],
  SC: ['Seychellois'],
  SD: ['Sudanese'],
  SE: ['Swedish', 'Swedes'],
  SG: ['Singaporean', 'Singaporeans'],
  SI: ['Slovenian', 'Slovenians', 'Slovene', 'Slovenes'],
  SK: ['Slovak', 'Slovaks'],
  SL: ['Sierra Leonean', 'Sierra Leoneans'],
  SM: ['Sammarinese'],
  SN: ['Senegalese'],
  SO: ['Somali', 'Somalis'],
  SR: ['Surinamese'],
  SS: ['South Sudanese'],
  ST: ['Santomean', 'Santomeans'],
  SV: ['Salvadoran', 'Salvadorans'],
  SY: ['Syrian', 'Syrians'],
  SZ: ['Swazi', 'Swazis'],
  TD: ['Chadian', 'Chadians'],
  TG: ['Togolese'],
  TH: ['Thai', 'Thais'],
  TJ: ['Tajik', 'Tajiks', 'Tajikistani'],
  TL: ['Timorese'],
  TM: ['Turkmen'],
  TN: ['Tunisian', 'Tunisians'],
  TO: ['Tongan', 'Tongans'],
  TR: ['Turkish', 'Turks'],
  TT: ['Trinidadian', 'Trinidadians'],
  TV: ['Tuvaluan', 'Tuvaluans'],
  TW: ['Taiwanese'],
  TZ: ['Tanzanian', 'Tanzanians'],
  UA: ['Ukrainian', 'Ukrainians'],
  UG: ['Ugandan', 'Ugandans'],
  US: ['American', 'Americans'],
  UY: ['Uruguayan', 'Uruguayans'],
  UZ: ['Uzbek', 'Uzbeks', 'Uzbekistani'],
  VC: ['Vincentian', 'Vincentians'],
  VE: ['Venezuelan', 'Venezuelans'],
  VN: ['Vietnamese'],
  VU: ['Ni-Vanuatu'],
  WS: ['Samoan', 'Samoans'],
  XK: ['Kosovar', 'Kosovars', 'Kosovan', 'Kosovans'],
  YE: ['Yemeni', 'Yemenis'],
  ZA: ['South African', 'South Africans'],
  ZM: ['Zambian', 'Zambians'],
  ZW: ['Zimbabwean', 'Zimbabweans'],
};

interface CountryEntry {
  id: string;
  name: string;
  kind: 'state';
  aliases?: string[];
  demonyms?: string[];
}

/** "Bosnia & Herzegovina" → "Bosnia and Herzegovina", "St. Lucia" → "Saint Lucia". */
function spellOut(icuName: string): string {
  return icuName.replace(/ & /g, ' and ').replace(/^St\. /, 'Saint ');
}

function countryEntry(code: string, displayNames: Intl.DisplayNames): CountryEntry {
  const icuName = displayNames.of(code);
  if (!icuName || icuName === code) {
    throw new Error(`ICU has no English name for ${code}`);
  }
  const names = new Set<string>();
  // "Myanmar (Burma)": the part in brackets is the other name.
  const bracketed = /^(.*) \((.*)\)$/.exec(icuName);
  const baseName = bracketed ? bracketed[1] : icuName;
  if (bracketed) names.add(bracketed[2]);
  const name = CANONICAL_NAME[code] ?? spellOut(baseName);
  for (const candidate of [baseName, spellOut(baseName), ...(OTHER_NAMES[code] ?? [])]) {
    // ICU's "Trinidad & Tobago" is a display form; texts spell out "and".
    if (!candidate.includes('&')) names.add(candidate);
  }
  names.delete(name);
  const entry: CountryEntry = { id: slugify(name), name, kind: 'state' };
  if (names.size > 0) entry.aliases = [...names];
  const demonyms = DEMONYMS[code];
  if (demonyms) entry.demonyms = [...demonyms];
  return entry;
}

/** The file's content, checked for duplicate ids and names. */
export function buildCountriesFile(): { description: string; actors: CountryEntry[] } {
  const displayNames = new Intl.DisplayNames(['en'], { type: 'region' });
  const unknownCodes = [...NOT_SOVEREIGN, ...Object.keys(DEMONYMS), ...Object.keys(OTHER_NAMES)]
    .filter((code) => !ISO_CODES.includes(code));
  if (unknownCodes.length > 0) throw new Error(`Not ISO codes: ${unknownCodes.join(', ')}`);

  const actors = ISO_CODES
    .filter((code) => !NOT_SOVEREIGN.has(code))
    .map((code) => countryEntry(code, displayNames))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const ids = new Set<string>();
  const names = new Map<string, string>();
  for (const actor of actors) {
    if (ids.has(actor.id)) throw new Error(`Duplicate id ${actor.id}`);
    ids.add(actor.id);
    for (const alias of [actor.name, ...(actor.aliases ?? []), ...(actor.demonyms ?? [])]) {
      const owner = names.get(alias);
      if (owner !== undefined && owner !== actor.id) {
        throw new Error(`"${alias}" names both ${owner} and ${actor.id}`);
      }
      names.set(alias, actor.id);
    }
  }
  return {
    description: 'Generated by scripts/generate-countries.ts from ICU region names. Do not edit by hand.',
    actors,
  };
}

export const COUNTRIES_PATH = path.join(__dirname, '..', 'src', 'core', 'lexicon', 'countries.json');

export function serialiseCountriesFile(file: ReturnType<typeof buildCountriesFile>): string {
  return JSON.stringify(file, null, 2) + '\n';
}

if (require.main === module) {
  const file = buildCountriesFile();
  writeFileSync(COUNTRIES_PATH, serialiseCountriesFile(file));
  console.log(`Wrote ${file.actors.length} countries to ${path.relative(process.cwd(), COUNTRIES_PATH)}`);
}
