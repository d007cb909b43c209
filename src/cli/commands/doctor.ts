import { MIN_PASSWORD_LENGTH } from '../../engine/store/doctors';
import { parseCommandArgs } from '../args';
import type { Command } from '../index';
import { type Io, UsageError } from '../io';
import { readSecret, withStore } from './db';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Add a doctor (a login on this computer) or list the doctors.',
  usage: 'medscribe doctor add NAME [--qualifications Q] [--registration NUMBER] | medscribe doctor list  (password: MEDSCRIBE_DOCTOR_PASSWORD or asked)',
  async run(args, io: Io) {
    const { positionals, values } = parseCommandArgs(
      args,
      { qualifications: { type: 'string' }, registration: { type: 'string' }, json: { type: 'boolean', default: false } },
      true,
    );
    const [sub, ...rest] = positionals;
    if (sub === 'list') {
      if (rest.length) throw new UsageError('doctor list takes no names.');
      return withStore((store) => {
        const doctors = store.listDoctors();
        if (values.json) io.out(`${JSON.stringify(doctors, null, 2)}\n`);
        else if (doctors.length === 0) io.err('No doctors yet. Add one with `medscribe doctor add NAME`.\n');
        else io.out(doctors.map((d) => `${d.name}${d.registrationNumber ? `  (${d.registrationNumber})` : ''}\n`).join(''));
        return 0;
      });
    }
    if (sub !== 'add') throw new UsageError(sub ? `there is no "doctor ${sub}".` : 'say what to do: add NAME or list.');
    const name = rest.join(' ').trim();
    if (!name) throw new UsageError('doctor add needs the doctor’s NAME (quote it if it has spaces).');
    return withStore(async (store) => {
      const password = await readSecret('MEDSCRIBE_DOCTOR_PASSWORD', `password for ${name}`, true);
      if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
      const doctor = await store.addDoctor({ name, password, qualifications: values.qualifications, registrationNumber: values.registration });
      io.err(`Added ${doctor.name}. They sign in with this name and password; only they can read their consultations.\n`);
      return 0;
    });
  },
};
