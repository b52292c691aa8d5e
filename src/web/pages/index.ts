/** Every page of the desk. Adding a page is one line here. */
import type { Desk, DeskOptions } from '../desk';
import { registerLogin } from './login';
import { registerHealth } from './health';
import { registerOverview } from './overview';
import { registerReview } from './review';
import { registerSafeguarding } from './safeguarding';

export type RegisterPage = (desk: Desk, options: DeskOptions) => void;

export const PAGES: readonly RegisterPage[] = [registerLogin, registerOverview, registerReview, registerSafeguarding, registerHealth];
