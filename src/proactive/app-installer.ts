// Installing Partner Link for a person who does not have it, so the bot may open a 1:1 with them
// (REMIND_INSTALL_VIA_GRAPH, off by default): the worker asks once per job, when Teams answers 403
// "not installed" to the conversation it tries to create, then tries the creation once more.
import type { PersonKey } from './proactive-store';

export type InstallOutcome = 'installed' | 'already-installed' | 'failed';

export interface AppInstaller {
  install(person: PersonKey): Promise<InstallOutcome>;
}
