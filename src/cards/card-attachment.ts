// What the bot needs to send a card.
export { cardAttachment, type AdaptiveCard } from './card-elements';
