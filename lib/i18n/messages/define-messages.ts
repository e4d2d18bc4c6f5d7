/**
 * One namespace's messages: Chinese first (the default UI language), English with exactly the same keys — a key
 * missing from (or extra in) `en-US` is a type error. Values may hold `{name}` placeholders (see translate.ts).
 */
export function defineMessages<Z extends Record<string, string>>(messages: {
  'zh-CN': Z;
  'en-US': { [K in keyof Z]: string };
}): { 'zh-CN': Z; 'en-US': { [K in keyof Z]: string } } {
  return messages;
}
