import { describe, expect, it } from 'vitest';
import { MASK_RULES } from './mask-rules.ts';
import { keyForm, parameterize } from './parameterize.ts';

// One table per rule: what the whole rule list turns a message into, and what
// that rule alone must leave untouched (later rules may still mask numbers in it).
const CASES: Record<string, { masks: [string, string][]; keeps: string[] }> = {
  traceparent: {
    masks: [
      ['tp 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01 end', 'tp <traceparent> end'],
    ],
    keeps: ['version 00-01-02'],
  },
  url: {
    masks: [
      ['GET https://api.example.com/v1/x?id=7 failed', 'GET <url> failed'],
      ['redis://cache:6379/0 down', '<url> down'],
    ],
    keeps: ['ratio is 3:1'],
  },
  email: {
    masks: [['mail to bob.smith+x@mail.example.org bounced', 'mail to <email> bounced']],
    keeps: ['@decorator applied'],
  },
  uuid: {
    masks: [['user 3F2A1C9E-1234-4ABC-8DEF-0123456789AB gone', 'user <uuid> gone']],
    keeps: ['release-candidate-build'],
  },
  digest: {
    masks: [
      ['md5 d41d8cd98f00b204e9800998ecf8427e', 'md5 <hash>'],
      ['sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha1 <hash>'],
      ['digest e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'digest <hash>'],
    ],
    keeps: [],
  },
  datetime: {
    masks: [
      ['at 2026-11-26T10:20:30.123Z retry', 'at <date> retry'],
      ['since Thu Nov 26 16:32:47 2026 down', 'since <date> down'],
      ['Jun 14 15:16:01 combo sshd', '<date> combo sshd'],
    ],
    keeps: ['June is a month'],
  },
  date: { masks: [['on 2026/11/26 and 11/26/2026', 'on <date> and <date>']], keeps: [] },
  time: { masks: [['at 10:20:30.5 sharp', 'at <time> sharp']], keeps: ['ratio 3:1'] },
  ipv4: {
    masks: [['from 192.168.1.20:5432 refused', 'from <ip> refused']],
    keeps: ['version 1.2.3'],
  },
  ipv6: {
    masks: [
      ['peer fe80::1 and 2001:db8:0:0:0:ff00:42:8329 down', 'peer <ip> and <ip> down'],
      ['bind [::1]:80', 'bind [<ip>]:<num>'],
    ],
    keeps: ['std::vector failed'],
  },
  quoted: {
    masks: [
      [`key "session:ab" and 'x y' missing`, 'key "<str>" and "<str>" missing'],
      ['column `total` unknown', 'column "<str>" unknown'],
    ],
    keeps: ["don't panic, it's fine"],
  },
  path: {
    masks: [
      ['cannot open /var/data/x/part.parquet now', 'cannot open <path> now'],
      ['read C:\\Users\\bob\\a.txt failed', 'read <path> failed'],
      ['see ./conf/app.yaml', 'see <path>'],
    ],
    keeps: ['and/or either'],
  },
  hostname: {
    masks: [['connect db.prod.example.com failed', 'connect <host> failed']],
    keeps: ['property mapred.task.id is deprecated', 'open node.js docs'],
  },
  host_port: {
    masks: [['connect redis-main:6379 timed out', 'connect <host> timed out']],
    keeps: [],
  },
  hex_bytes: {
    masks: [['nic 00:1A:2b:3c:4D:5e up', 'nic <hex> up']],
    keeps: [],
  },
  size: {
    masks: [
      ['sent 2048 bytes (2.0 KB) and 3 MB', 'sent <size> and <size>'],
      ['free 12.5 GiB', 'free <size>'],
    ],
    keeps: [],
  },
  duration: {
    masks: [
      ['took 250ms then 1.5 s then 3 minutes', 'took <duration> then <duration> then <duration>'],
      ['lifetime <1 sec', 'lifetime <duration>'],
    ],
    keeps: [],
  },
  key_value: {
    masks: [['failed user=alice retry=three mode="a b"', 'failed user=<*> retry=<*> mode=<*>']],
    keeps: ['a == b'],
  },
  hex_literal: {
    masks: [['ptr 0x7ffdeadbeef bad', 'ptr <hex> bad']],
    keeps: ['0xygen'],
  },
  hex: {
    masks: [['commit 5f2a9bc0 broke', 'commit <hex> broke']],
    keeps: ['facade added', 'deadbeef', 'ab12'],
  },
  numbered_id: {
    masks: [
      ['block blk_-1608999687919862906 lost', 'block <id> lost'],
      ['job job_1445144423722_0020 and core.2275', 'job <id> and <id>'],
    ],
    keeps: ['utf8 ipv4 s3 h2'],
  },
  number: {
    masks: [['retry 3 of -12 at 1,000.5', 'retry <num> of <num> at <num>']],
    keeps: ['no digits here'],
  },
};

describe('mask rules', () => {
  it('has a case table for every rule, and every rule name is unique', () => {
    const names = MASK_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(CASES).sort()).toEqual([...names].sort());
  });

  for (const [name, { masks, keeps }] of Object.entries(CASES)) {
    describe(name, () => {
      for (const [input, expected] of masks) {
        it(`masks: ${input}`, () => expect(parameterize(input)).toBe(expected));
      }
      const alone = MASK_RULES.filter((r) => r.name === name);
      for (const input of keeps) {
        it(`keeps: ${input}`, () => expect(parameterize(input, alone)).toBe(input));
      }
    });
  }
});

describe('keyForm', () => {
  it('turns typed placeholders into <*> and collapses runs of them', () => {
    expect(keyForm('at <date> <time> from <ip>, <ip> user=<*>')).toBe('at <*> from <*> user=<*>');
  });

  it('cuts messages longer than the limit before masking', () => {
    expect(parameterize(`${'a '.repeat(5000)}7`).length).toBeLessThanOrEqual(2048);
  });
});
