/** A profile's users with their passwords resolved, and the lookup every target needs. */
import { resolvePassword, type Profile } from './profile.ts';

export interface Credentials {
  users: Array<{ name: string; password: string }>;
  /** The password of a user the profile names; a case naming another user is an error. */
  password(user: string): string;
}

export function credentialsOf(profile: Profile): Credentials {
  const users = profile.users.map((u) => ({
    name: u.name,
    password: resolvePassword(profile, u.name),
  }));
  return {
    users,
    password: (user) => {
      const found = users.find((u) => u.name === user);
      if (!found) throw new Error(`the profile ${profile.name} has no user "${user}"`);
      return found.password;
    },
  };
}
