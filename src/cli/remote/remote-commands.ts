import type { Command } from 'commander';
import { clockCommand } from './clock-command.js';
import { consoleLinkCommand } from './console-link-command.js';
import { eventsCommand } from './events-command.js';
import { faultCommand } from './fault-command.js';
import { requestsCommand } from './requests-command.js';
import { resetCommand } from './reset-command.js';

/** The commands that talk to a running server by URL, through its admin API. */
export function remoteCommands(): Command[] {
  return [resetCommand(), clockCommand(), requestsCommand(), eventsCommand(), faultCommand(), consoleLinkCommand()];
}
