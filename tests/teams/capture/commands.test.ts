import { commandOf } from '../../../bot/src/teams/capture/commands';

describe('capture commands', () => {
  it('recognises the bot words in Swedish and English, whatever the case and punctuation', () => {
    expect(commandOf('Avbryt')).toEqual({ kind: 'cancel' });
    expect(commandOf('cancel!')).toEqual({ kind: 'cancel' });
    expect(commandOf('Ny idé')).toEqual({ kind: 'newIdea' });
    expect(commandOf('new idea.')).toEqual({ kind: 'newIdea' });
    expect(commandOf('Mina idéer')).toEqual({ kind: 'mine' });
    expect(commandOf('my ideas')).toEqual({ kind: 'mine' });
    expect(commandOf('hjälp')).toEqual({ kind: 'help' });
    expect(commandOf('JA')).toEqual({ kind: 'yes' });
    expect(commandOf('Nej, fortsätt')).toEqual({ kind: 'no' });
    expect(commandOf('skicka in')).toEqual({ kind: 'submit' });
    expect(commandOf('ändra')).toEqual({ kind: 'edit' });
    expect(commandOf('ändra rubriken')).toEqual({ kind: 'edit', field: 'title' });
    expect(commandOf('edit department')).toEqual({ kind: 'edit', field: 'department' });
  });

  it('reads "idé: …" as the shortcut and a bare "idé:" as a new idea', () => {
    expect(commandOf('idé: Cykelpool')).toEqual({ kind: 'shortcut', text: 'Cykelpool' });
    expect(commandOf('idea:   ')).toEqual({ kind: 'newIdea' });
  });

  it('leaves ordinary answers alone', () => {
    expect(commandOf('Avbryt inte mötet')).toBeUndefined();
    expect(commandOf('ändra allt möjligt')).toBeUndefined();
    expect(commandOf('Elcyklar till hemtjänsten')).toBeUndefined();
    expect(commandOf('')).toBeUndefined();
  });
});
