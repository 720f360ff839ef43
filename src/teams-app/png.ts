// Just enough of PNG to check the Teams icons: size, and each pixel of 8-bit RGB/RGBA images.
import zlib from 'node:zlib';

export interface Png {
  width: number;
  height: number;
  hasAlpha: boolean;
  /** RGBA of the pixel at (x, y). */
  pixel(x: number, y: number): [number, number, number, number];
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export class PngError extends Error {}

export function readPng(file: Buffer): Png {
  if (file.length < 33 || !file.subarray(0, 8).equals(SIGNATURE)) throw new PngError('is not a PNG file');
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colorType: number; interlace: number } | undefined;
  const data: Buffer[] = [];
  while (offset + 8 <= file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR')
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        bitDepth: body[8] ?? 0,
        colorType: body[9] ?? 0,
        interlace: body[12] ?? 0,
      };
    if (type === 'IDAT') data.push(body);
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header) throw new PngError('has no PNG header');
  const { width, height, bitDepth, colorType, interlace } = header;
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0) {
    throw new PngError('must be an 8-bit RGB or RGBA PNG without interlacing (re-export it from your image editor)');
  }
  const channels = colorType === 6 ? 4 : 3;
  const stride = width * channels;
  const raw = zlib.inflateSync(Buffer.concat(data));
  if (raw.length < height * (stride + 1)) throw new PngError('is truncated');
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++)
    unfilter(raw, y * (stride + 1), pixels, y * stride, stride, channels, y > 0 ? (y - 1) * stride : -1);
  return {
    width,
    height,
    hasAlpha: channels === 4,
    pixel(x, y) {
      const i = y * stride + x * channels;
      return [pixels[i] ?? 0, pixels[i + 1] ?? 0, pixels[i + 2] ?? 0, channels === 4 ? (pixels[i + 3] ?? 0) : 255];
    },
  };
}

function unfilter(
  raw: Buffer,
  rawRow: number,
  out: Buffer,
  row: number,
  stride: number,
  bpp: number,
  previousRow: number,
): void {
  const filter = raw[rawRow];
  for (let i = 0; i < stride; i++) {
    const x = raw[rawRow + 1 + i] ?? 0;
    const a = i >= bpp ? (out[row + i - bpp] ?? 0) : 0;
    const b = previousRow >= 0 ? (out[previousRow + i] ?? 0) : 0;
    const c = i >= bpp && previousRow >= 0 ? (out[previousRow + i - bpp] ?? 0) : 0;
    let value: number;
    switch (filter) {
      case 0:
        value = x;
        break;
      case 1:
        value = x + a;
        break;
      case 2:
        value = x + b;
        break;
      case 3:
        value = x + ((a + b) >> 1);
        break;
      case 4:
        value = x + paeth(a, b, c);
        break;
      default:
        throw new PngError(`uses an unknown filter type ${String(filter)}`);
    }
    out[row + i] = value & 0xff;
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
