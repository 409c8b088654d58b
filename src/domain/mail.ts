// Which email domains say something about the company a person works for.

/**
 * Mail providers many unrelated people share: an address there says nothing about which customer its owner works
 * for, so no domain match, duplicate reason or inferred customer domain is drawn from one.
 */
export const FREE_MAIL: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
]);
