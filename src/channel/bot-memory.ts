// Conversation state between turns (turn.ts TurnMemory) as botbuilder keeps it: PrivateConversationState
// (`…/conversations/{id}/users/{userId}`: a sign-in belongs to whoever started it) and UserState, both
// in the bot's state storage, loaded once per turn and written back by `save` when changed.
import { PrivateConversationState, UserState, type BotState, type StatePropertyAccessor } from 'botbuilder';
import type { StateStorage } from '../storage/state-storage';
import { contextOf } from './bot-turn';
import type { StateProperty, Turn, TurnMemory } from './turn';

function property<T>(accessor: StatePropertyAccessor<T | undefined>): StateProperty<T> {
  return {
    get: (turn) => accessor.get(contextOf(turn)),
    set: (turn, value) => accessor.set(contextOf(turn), value),
    delete: (turn) => accessor.delete(contextOf(turn)),
  };
}

export class BotMemory implements TurnMemory {
  /** Per person per conversation (the link dialog's stack lives here too). */
  readonly personalState: PrivateConversationState;
  private readonly userState: UserState;
  private readonly states: BotState[];
  private readonly properties = new Map<string, StateProperty<unknown>>();

  constructor(storage: StateStorage) {
    this.personalState = new PrivateConversationState(storage);
    this.userState = new UserState(storage);
    this.states = [this.personalState, this.userState];
  }

  personal<T>(name: string): StateProperty<T> {
    return this.property(this.personalState, 'personal', name);
  }

  user<T>(name: string): StateProperty<T> {
    return this.property(this.userState, 'user', name);
  }

  async save(turn: Turn): Promise<void> {
    for (const state of this.states) await state.saveChanges(contextOf(turn));
  }

  private property<T>(state: BotState, scope: string, name: string): StateProperty<T> {
    const key = `${scope}/${name}`;
    let found = this.properties.get(key);
    if (!found) {
      found = property<unknown>(state.createProperty<unknown>(name));
      this.properties.set(key, found);
    }
    return found as StateProperty<T>;
  }
}
