#!/usr/bin/env node
// Makes a G.711 A-law RTP capture of synthetic speech for sipp's play_pcap_audio (no Python needed):
// espeak-ng speaks the text, sox resamples it to 8 kHz mono 16-bit, this script encodes A-law (PT 8), cuts 20 ms
// RTP packets and writes them as Ethernet/IPv4/UDP frames in a classic pcap file, 20 ms apart.
//   node scripts/sipp/make-speech-pcap.mjs speech-g711a.pcap ["text to speak"]
// sipp replaces the addresses and ports when it plays the file; only the RTP and the timing matter.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [out, text = 'Thank you for calling CorrelationHub. Your reference is four five six.'] = process.argv.slice(2);
if (!out) {
  console.error('usage: make-speech-pcap.mjs <out.pcap> [text]');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'speech-'));
try {
  const wav = join(work, 'speech.wav');
  const raw = join(work, 'speech.raw');
  run('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, text]);
  run('sox', [wav, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', raw]);
  const pcm = readFileSync(raw);
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 2));
  writeFileSync(out, pcap(samples));
  console.log(`${out}: ${Math.floor(samples.length / 160)} packets, ${(samples.length / 8000).toFixed(2)} s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${command} failed: ${result.error ?? result.stderr}`);
  }
}

// ITU-T G.711 A-law, as CorrelationHub.Media.Codecs.G711.EncodeALaw.
function alaw(sample) {
  const sign = sample >= 0 ? 0x80 : 0x00;
  let magnitude = sample >= 0 ? sample : -sample - 1;
  if (magnitude > 32767) magnitude = 32767;
  let encoded;
  if (magnitude < 256) {
    encoded = magnitude >> 4;
  } else {
    let exponent = 1;
    for (let m = magnitude >> 8; m > 1; m >>= 1) exponent++;
    encoded = (exponent << 4) | ((magnitude >> (exponent + 3)) & 0x0f);
  }
  return (encoded | sign) ^ 0x55;
}

function pcap(samples) {
  const packets = Math.floor(samples.length / 160);
  const frameLength = 14 + 20 + 8 + 12 + 160;
  const buffer = Buffer.alloc(24 + packets * (16 + frameLength));
  // Global header: magic, version 2.4, zone 0, sigfigs 0, snaplen 65535, link type 1 (Ethernet).
  buffer.writeUInt32LE(0xa1b2c3d4, 0);
  buffer.writeUInt16LE(2, 4);
  buffer.writeUInt16LE(4, 6);
  buffer.writeUInt32LE(65535, 16);
  buffer.writeUInt32LE(1, 20);
  let offset = 24;
  const ssrc = 0x5eec4001;
  for (let p = 0; p < packets; p++) {
    const micros = p * 20000;
    buffer.writeUInt32LE(1776674248 + Math.floor(micros / 1e6), offset);
    buffer.writeUInt32LE(micros % 1e6, offset + 4);
    buffer.writeUInt32LE(frameLength, offset + 8);
    buffer.writeUInt32LE(frameLength, offset + 12);
    offset += 16;
    // Ethernet: locally administered addresses, IPv4.
    Buffer.from([0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00]).copy(buffer, offset);
    const ip = offset + 14;
    buffer.writeUInt8(0x45, ip);
    buffer.writeUInt16BE(20 + 8 + 12 + 160, ip + 2);
    buffer.writeUInt16BE(p & 0xffff, ip + 4);
    buffer.writeUInt8(64, ip + 8);
    buffer.writeUInt8(17, ip + 9);
    Buffer.from([127, 0, 0, 1]).copy(buffer, ip + 12);
    Buffer.from([127, 0, 0, 1]).copy(buffer, ip + 16);
    buffer.writeUInt16BE(checksum(buffer.subarray(ip, ip + 20)), ip + 10);
    const udp = ip + 20;
    buffer.writeUInt16BE(16384, udp);
    buffer.writeUInt16BE(16384, udp + 2);
    buffer.writeUInt16BE(8 + 12 + 160, udp + 4);
    const rtp = udp + 8;
    buffer.writeUInt8(0x80, rtp);
    buffer.writeUInt8(8, rtp + 1);
    buffer.writeUInt16BE((1000 + p) & 0xffff, rtp + 2);
    buffer.writeUInt32BE((p * 160) >>> 0, rtp + 4);
    buffer.writeUInt32BE(ssrc, rtp + 8);
    for (let i = 0; i < 160; i++) {
      buffer.writeUInt8(alaw(samples[p * 160 + i]), rtp + 12 + i);
    }
    offset += frameLength;
  }
  return buffer;
}

function checksum(header) {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}
