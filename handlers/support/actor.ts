// Who is acting: the Slack user behind a request, with what Slack says about them (admin, guest, another
// organisation, email, time zone), cached briefly. Operations decide what that person may do.
import type { webApi } from '@slack/bolt';
import type { Person } from '../../src/auth/roles.js';
import type { Actor } from '../../src/operations/context.js';
import type { Services } from '../../src/services.js';
import { clientForToken } from './bot-client.js';
import { keyOf, type RequestContext } from './workspace.js';

/** The user as a payload names them. */
export interface SlackUser {
  id: string;
  name?: string | undefined;
}

/** Asks Slack about a user (a quick client: this often runs before an ack); undefined when Slack cannot say. */
async function askSlack(
  deps: Services,
  client: webApi.WebClient,
  context: RequestContext,
  userId: string,
): Promise<Person | undefined> {
  try {
    const quick = client.token ? clientForToken(deps, client.token, 'quick') : client;
    const { user } = await quick.users.info({ user: userId });
    if (!user) return undefined;
    // Someone of another organisation (Slack Connect) belongs to another team, and not to this enterprise either.
    const sameOrg =
      user.team_id === context.teamId ||
      (context.enterpriseId !== undefined && user.enterprise_user?.enterprise_id === context.enterpriseId);
    return {
      standing: {
        workspaceAdmin: Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
        guest: Boolean(user.is_restricted || user.is_ultra_restricted),
        external: user.team_id !== undefined && !sameOrg,
      },
      email: user.profile?.email,
      tz: user.tz,
      name: user.real_name ?? user.name,
    };
  } catch (error) {
    deps.logger.warn(
      { err: error, userId },
      'users.info failed; the user is treated as unverified this once',
    );
    return undefined;
  }
}

/** What Slack says about any user (a message's author, say), through the same short cache. */
export function personOf(
  deps: Services,
  client: webApi.WebClient,
  context: RequestContext,
  userId: string,
): Promise<Person> {
  return deps.people.get(keyOf(context), userId, () => askSlack(deps, client, context, userId));
}

export async function actorFor(
  deps: Services,
  client: webApi.WebClient,
  context: RequestContext,
  user: SlackUser,
): Promise<Actor> {
  const person = await deps.people.get(keyOf(context), user.id, () =>
    askSlack(deps, client, context, user.id),
  );
  return {
    userId: user.id,
    userName: user.name ?? person.name,
    email: person.email,
    tz: person.tz,
    requestId: context.requestId,
    standing: person.standing,
  };
}
