// A preload (`node -r dist/src/dev/loopback-only.js …`) for one process of `npm start`: the Agents
// Playground. It relays whatever reaches it to the bot, which runs with channel authentication off,
// and its CLI has no host option (it listens on every interface). This puts every TCP listen of that
// process on this machine (loopback-listen.ts). Only the process started with `-r` is patched;
// `npm start` then checks every process of the stack from /proc (listening-sockets.ts).
import net from 'node:net';
import { onLoopback, type ListenArgs } from './loopback-listen';

const prototype = net.Server.prototype;
const original = Reflect.get(prototype, 'listen') as (this: net.Server, ...args: ListenArgs) => net.Server;
prototype.listen = function listenOnLoopback(this: net.Server, ...args: ListenArgs): net.Server {
  return original.apply(this, onLoopback(args));
} as typeof prototype.listen;
