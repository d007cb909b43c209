import type { Vitals, VitalKey } from '../../shared/schemas/note';
import type { Evidence } from '../../shared/schemas/common';
import type { Ctx } from './context';

interface VitalRule {
  keys: string[];
  /** What the value looks like after the keyword. */
  value: 'bp' | 'number';
  assign: (n: number[], unit: string) => Partial<Record<VitalKey, number>> | null;
}

const within = (v: number, lo: number, hi: number) => v >= lo && v <= hi;

const RULES: VitalRule[] = [
  {
    keys: ['bp', 'b.p.', 'b.p', 'blood pressure', 'பிபி', 'ரத்த அழுத்தம்', 'இரத்த அழுத்தம்', 'బీపీ', 'బిపి', 'రక్తపోటు'],
    value: 'bp',
    assign: ([s, d]) => (s !== undefined && d !== undefined && within(s, 50, 300) && within(d, 20, 200) && s > d ? { systolic: s, diastolic: d } : null),
  },
  {
    keys: ['temperature', 'temp', 'டெம்பரேச்சர்', 'டெம்ப்ரேச்சர்', 'வெப்பநிலை', 'టెంపరేచర్', 'ఉష్ణోగ్రత', 'టెంపరేచరు'],
    value: 'number',
    assign: ([t], unit) => {
      if (t === undefined) return null;
      const celsius = /^(c|celsius|°c|செல்சியஸ்|సెల్సియస్)$/.test(unit) || (!/^(f|fahrenheit|°f)$/.test(unit) && t < 45);
      if (celsius) return within(t, 30, 44) ? { temperatureC: t } : null;
      return within(t, 90, 110) ? { temperatureF: t } : null;
    },
  },
  {
    keys: ['pulse rate', 'pulse', 'heart rate', 'pr', 'hr', 'நாடி', 'பல்ஸ்', 'పల్స్', 'నాడి'],
    value: 'number',
    assign: ([n]) => (n !== undefined && within(n, 20, 250) ? { pulse: n } : null),
  },
  {
    keys: ['spo2', 'sp o2', 'spo 2', 'oxygen saturation', 'saturation', 'o2 saturation', 'sats', 'ஆக்சிஜன்', 'ఆక్సిజన్'],
    value: 'number',
    assign: ([n]) => (n !== undefined && within(n, 40, 100) ? { spo2: n } : null),
  },
  {
    keys: ['respiratory rate', 'resp rate', 'rr', 'breathing rate'],
    value: 'number',
    assign: ([n]) => (n !== undefined && within(n, 4, 90) ? { respiratoryRate: n } : null),
  },
  {
    keys: ['weight', 'wt', 'எடை', 'வெயிட்', 'బరువు', 'వెయిట్'],
    value: 'number',
    assign: ([n]) => (n !== undefined && within(n, 0.5, 300) ? { weightKg: n } : null),
  },
  {
    keys: ['height', 'உயரம்', 'ఎత్తు'],
    value: 'number',
    assign: ([n]) => (n !== undefined && within(n, 30, 250) ? { heightCm: n } : null),
  },
  {
    keys: ['fasting sugar', 'fasting blood sugar', 'fbs', 'fasting', 'fasting glucose'],
    value: 'number',
    assign: ([n]) => (n !== undefined && within(n, 20, 900) ? { fastingSugar: n } : null),
  },
  {
    keys: ['post lunch', 'post prandial', 'postprandial', 'ppbs', 'pp sugar', 'post meal', 'after food sugar', 'post lunch sugar'],
    value: 'number',
    assign: ([n]) => (n !== undefined && within(n, 20, 900) ? { postprandialSugar: n } : null),
  },
  {
    keys: ['random sugar', 'random blood sugar', 'rbs', 'grbs', 'sugar', 'சுகர்', 'షుగర్'],
    value: 'number',
    assign: ([n]) => (n !== undefined && within(n, 20, 900) ? { randomSugar: n } : null),
  },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Up to three short words between the keyword and the value ("is", "was", "இருக்கு"…).
const GAP = String.raw`(?:\s*(?:is|was|of|at|about|today|now|currently|recorded|measured|:|=|-)\s*){0,3}\s*`;
const NUM = String.raw`(\d{1,3}(?:\.\d{1,2})?)`;
const UNIT = String.raw`\s*(°\s*[cf]|degrees?|டிகிரி|డిగ్రీలు?|డిగ్రీ)?\s*(fahrenheit|celsius|f|c|kg|kgs|kilos?|கிலோ|కిలోలు?|కేజీ|%|percent|cm|mg/dl)?`;

const compiled = RULES.map((r) => {
  const keys = [...r.keys].sort((a, b) => b.length - a.length).map(escape).join('|');
  const value = r.value === 'bp' ? String.raw`(\d{2,3})\s*(?:/|over|by)\s*(\d{2,3})` : NUM + UNIT;
  return { rule: r, re: new RegExp(String.raw`(?<![\p{L}\p{M}\p{N}])(?:${keys})(?![\p{L}\p{M}\p{N}])${GAP}${value}(?![\d/])`, 'gu') };
});

export interface VitalsResult {
  vitals: Vitals;
  /** Values said but out of any plausible range: shown to the doctor, never recorded. */
  implausible: Evidence[];
}

export function extractVitals(ctx: Ctx): VitalsResult {
  const vitals: Vitals = { evidence: {} };
  const implausible: Evidence[] = [];
  const taken: [number, number][] = [];
  for (const { rule, re } of compiled) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(ctx.norm))) {
      const start = m.index;
      const end = m.index + m[0].length;
      if (taken.some(([s, e]) => start < e && s < end)) continue;
      const nums = rule.value === 'bp' ? [Number(m[1]), Number(m[2])] : [Number(m[1])];
      const degree = (m[2] ?? '').replace(/\s+/g, '');
      const unit = rule.value === 'bp' ? '' : (m[3] ?? (degree.startsWith('°') ? degree : ''));
      const assigned = rule.assign(nums, unit);
      const ev = ctx.evidence({ start, end });
      if (!assigned) {
        implausible.push(ev);
        continue;
      }
      taken.push([start, end]);
      for (const [k, v] of Object.entries(assigned) as [VitalKey, number][]) {
        // The first value said is kept; a repeat with another value is flagged by the caller.
        if (vitals[k] === undefined) {
          vitals[k] = v;
          vitals.evidence[k] = ev;
        }
      }
    }
  }
  return { vitals, implausible };
}
