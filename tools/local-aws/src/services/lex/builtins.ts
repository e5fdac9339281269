// What Lex V2 offers every bot: the locales it speaks, with the names it gives them, and the built-in intents and
// slot types a bot can derive from or use.

/** The locales Lex V2 builds bots in, with the `localeName` it answers for each. */
export const LOCALE_NAMES: Readonly<Record<string, string>> = {
  ar_AE: 'Gulf Arabic (United Arab Emirates)',
  ca_ES: 'Catalan (Spain)',
  de_AT: 'German (Austria)',
  de_DE: 'German (Germany)',
  en_AU: 'English (Australia)',
  en_GB: 'English (UK)',
  en_IN: 'English (India)',
  en_US: 'English (US)',
  en_ZA: 'English (South Africa)',
  es_419: 'Spanish (Latin America)',
  es_ES: 'Spanish (Spain)',
  es_US: 'Spanish (US)',
  fi_FI: 'Finnish (Finland)',
  fr_CA: 'French (Canada)',
  fr_FR: 'French (France)',
  hi_IN: 'Hindi (India)',
  it_IT: 'Italian (Italy)',
  ja_JP: 'Japanese (Japan)',
  ko_KR: 'Korean (Korea)',
  nl_NL: 'Dutch (The Netherlands)',
  no_NO: 'Norwegian (Norway)',
  pl_PL: 'Polish (Poland)',
  pt_BR: 'Portuguese (Brazil)',
  pt_PT: 'Portuguese (Portugal)',
  sv_SE: 'Swedish (Sweden)',
  zh_CN: 'Mandarin (PRC)',
  zh_HK: 'Cantonese (Hong Kong)',
};

export const FALLBACK_INTENT_SIGNATURE = 'AMAZON.FallbackIntent';
/** Every locale's fallback intent has this id, in every bot. */
export const FALLBACK_INTENT_ID = 'FALLBCKINT';

/** Built-in intents a custom intent can name as its `parentIntentSignature`. */
export const BUILT_IN_INTENTS: Readonly<Record<string, string>> = {
  'AMAZON.BedrockAgentIntent': 'Hands the conversation to an Amazon Bedrock agent or knowledge base',
  'AMAZON.CancelIntent': 'The user wants to cancel what they are doing',
  'AMAZON.FallbackIntent': 'Runs when no other intent matches what the user said',
  'AMAZON.HelpIntent': 'The user asks for help',
  'AMAZON.KendraSearchIntent': 'Answers the user from an Amazon Kendra index',
  'AMAZON.PauseIntent': 'The user wants to pause',
  'AMAZON.QInConnectIntent': 'Answers the user with Amazon Q in Connect',
  'AMAZON.QnAIntent': 'Answers questions from a knowledge base with generative AI',
  'AMAZON.RepeatIntent': 'The user asks to hear the last message again',
  'AMAZON.ResumeIntent': 'The user wants to resume what was paused',
  'AMAZON.StartOverIntent': 'The user wants to start over',
  'AMAZON.StopIntent': 'The user wants to stop',
};

/** Built-in slot types a slot can use as its `slotTypeId`. */
export const BUILT_IN_SLOT_TYPES: Readonly<Record<string, string>> = {
  'AMAZON.AlphaNumeric': 'Letters and digits, such as a reservation number',
  'AMAZON.City': 'The name of a city',
  'AMAZON.Confirmation': 'Yes, no, maybe and their synonyms',
  'AMAZON.Country': 'The name of a country',
  'AMAZON.Date': 'A date, resolved to YYYY-MM-DD',
  'AMAZON.Duration': 'A length of time, resolved to an ISO-8601 duration',
  'AMAZON.EmailAddress': 'An email address',
  'AMAZON.FirstName': 'A first name',
  'AMAZON.FreeFormInput': 'Whatever the user says, as said',
  'AMAZON.LastName': 'A last name',
  'AMAZON.Number': 'A number, resolved to digits',
  'AMAZON.Percentage': 'A percentage',
  'AMAZON.PhoneNumber': 'A phone number, resolved to digits',
  'AMAZON.State': 'The name of a state or region',
  'AMAZON.StreetName': 'The name of a street',
  'AMAZON.Time': 'A time of day, resolved to HH:MM',
  'AMAZON.UKPostalCode': 'A postal code of the United Kingdom',
};
