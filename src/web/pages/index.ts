/** Every page of the desk. Adding a page is one line here. */
import type { Desk, DeskOptions } from '../desk';
import { registerLogin } from './login';
import { registerHealth } from './health';
import { registerOverview } from './overview';
import { registerPost } from './post';
import { registerPosts } from './posts';
import { registerReview } from './review';
import { registerSafeguarding } from './safeguarding';
import { registerUsers } from './users';

export type RegisterPage = (desk: Desk, options: DeskOptions) => void;

export const PAGES: readonly RegisterPage[] = [registerLogin, registerOverview, registerPosts, registerPost, registerReview, registerSafeguarding, registerHealth, registerUsers];
