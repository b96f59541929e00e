import { ApiFailure } from '../../tab/src/api/client';
import { describeFailure } from '../../tab/src/errors';
import { STRINGS } from '../../tab/src/i18n';

describe('describeFailure', () => {
  it('names the onboarding contact the server sends with NoSluice', () => {
    const failure = new ApiFailure(403, { code: 'NoSluice', message: 'x', contact: 'Anna på IT-servicedesk' });
    expect(describeFailure(failure, STRINGS.sv)).toBe(
      'Din organisation är inte ansluten till någon idésluss än. Kontakta Anna på IT-servicedesk.',
    );
    expect(describeFailure(failure, STRINGS.en)).toBe(
      'Your organisation is not part of an idea sluice yet. Contact Anna på IT-servicedesk.',
    );
  });

  it('falls back to the idea coaches when no contact is set', () => {
    const failure = new ApiFailure(403, { code: 'NoSluice', message: 'x' });
    expect(describeFailure(failure, STRINGS.sv)).toMatch(/Kontakta kommunens idéslussare\.$/);
  });

  it('never shows the server text for another 403', () => {
    const failure = new ApiFailure(403, { code: 'Forbidden', message: 'raw server text' });
    expect(describeFailure(failure, STRINGS.sv)).toBe('Bara idécoacher kan göra det här.');
  });
});
