// Which TCP ports a group of processes listens on, and where, read from Linux's /proc: the socket
// inodes each process (and every process it started) holds in /proc/<pid>/fd, matched against the
// LISTEN rows of /proc/net/tcp and /proc/net/tcp6. `npm start` uses it to refuse to run when any
// process of the local stack listens beyond this machine (the bot has channel authentication off).
// Where /proc is absent (macOS, Windows) there is nothing to read: the answer is `undefined` and the
// caller says the check was skipped.
import fs from 'node:fs';
import os from 'node:os';

export interface Listener {
  pid: number;
  address: string;
  port: number;
}

const LISTEN_STATE = '0A';

/** One row of /proc/net/tcp{,6}: the local address and port of a LISTEN socket, and its inode. */
export function parseProcNetTcp(
  text: string,
  littleEndian = os.endianness() === 'LE',
): { address: string; port: number; inode: string }[] {
  const rows: { address: string; port: number; inode: string }[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [local, , state] = fields.slice(1, 4);
    const inode = fields[9];
    if (!local || state !== LISTEN_STATE || !inode) continue;
    const [hexAddress, hexPort] = local.split(':');
    if (!hexAddress || !hexPort) continue;
    rows.push({ address: decodeAddress(hexAddress, littleEndian), port: parseInt(hexPort, 16), inode });
  }
  return rows;
}

/** The kernel prints each 32-bit word of the address in host byte order. */
function decodeAddress(hex: string, littleEndian: boolean): string {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const chunk =
      hex
        .slice(word, word + 8)
        .match(/../g)
        ?.map((b) => parseInt(b, 16)) ?? [];
    bytes.push(...(littleEndian ? chunk.reverse() : chunk));
  }
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // The URL parser writes IPv6 in its canonical short form (::1, ::, ::ffff:7f00:1).
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/** 127.0.0.0/8, ::1, and IPv4-mapped 127.x (::ffff:7f00:1). */
export function isLoopbackAddress(address: string): boolean {
  if (/^127\./.test(address)) return true;
  if (address === '::1') return true;
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/i.test(address);
}

/** The processes `pids` started, and theirs, down the tree (from each process's parent id). */
function withDescendants(pids: readonly number[]): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // the process ended meanwhile
    }
  }
  const all = new Set(pids);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (!all.has(pid) && all.has(ppid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}

function socketInodes(pid: number): string[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        } catch {
          return undefined;
        }
      })
      .filter((inode): inode is string => inode !== undefined);
  } catch {
    return [];
  }
}

/** Every TCP socket the processes (and their descendants) listen on; undefined where /proc cannot be read. */
export function listenersOf(pids: readonly number[]): Listener[] | undefined {
  if (!fs.existsSync('/proc/net/tcp')) return undefined;
  const rows = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    fs.existsSync(file) ? parseProcNetTcp(fs.readFileSync(file, 'utf8')) : [],
  );
  const byInode = new Map(rows.map((row) => [row.inode, row]));
  const listeners: Listener[] = [];
  for (const pid of withDescendants(pids)) {
    for (const inode of socketInodes(pid)) {
      const row = byInode.get(inode);
      if (row) listeners.push({ pid, address: row.address, port: row.port });
    }
  }
  return listeners;
}
