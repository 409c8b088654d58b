// The bot scopes OAuth mode asks for: the same list as manifest.yml (a unit test holds the two together).
export const BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'chat:write.public',
  'users:read',
  'users:read.email',
  'links:read',
  'links:write',
  'files:write',
  'im:write',
];
