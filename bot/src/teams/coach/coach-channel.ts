import { mayCoach, type CoachChannel } from '../../domain/sluice';
import { ChannelSettingCommand, type ChannelSettingDependencies } from '../channel-commands';
import { escapeMarkdown } from '../markdown';
import { coachText } from './strings';

/** What a coach says in a team channel to make it the sluice's coach channel, in both languages. */
export const COACH_CHANNEL_COMMANDS = ['koppla coachkanal', 'set coach channel'] as const;

export type CoachChannelDependencies = ChannelSettingDependencies;

/**
 * "koppla coachkanal" / "set coach channel": a coach or admin of the sluice makes the channel
 * they speak in the place where new-idea task cards are posted.
 */
export class CoachChannelCommand extends ChannelSettingCommand<CoachChannel> {
  constructor(deps: CoachChannelDependencies) {
    super(deps, {
      commands: COACH_CHANNEL_COMMANDS,
      say: (locale, key) => coachText(locale, key),
      may: mayCoach,
      channel: (base) => base,
      store: (sluice, coachChannel) => ({ ...sluice, coachChannel }),
      logged: 'Coach channel set',
      confirmation: (saved, { locale }) => coachText(locale, 'channel.set', { sluice: escapeMarkdown(saved.name) }),
    });
  }
}
