/**
 * The host side of Zendesk's app framework, in the browser: it loads the app in an iframe as
 * Zendesk does (`origin` and `app_guid` in the URL) and answers the SDK's cross-frame messages
 * (handshake, registration, get/set/invoke, events, hooks and `client.request`) from the
 * workspace server. Message shapes follow the SDK's protocol (see README, "Local workspace").
 * @module
 */
import './host.css';

interface Ticket {
  id: number;
  subject?: string;
  status: string;
  priority?: string;
  tags: string[];
  updated_at: string;
  via?: { channel?: string };
}

interface State {
  appId: number;
  /** Where the app's files are: the workspace's own copy, or a zcli apps:server. */
  appBase: string;
  installationId: number;
  account: { subdomain: string };
  currentUser: {
    id: number;
    name: string;
    locale: string;
    role: string;
    timeZone?: { ianaName: string };
  };
  settings: Record<string, unknown>;
  locations: Record<string, string | { url: string }>;
  actions: string[];
  plans: string[];
  planIds: Record<string, string>;
  activePlan: string | null;
  tickets: Ticket[];
}

const origin = window.location.origin;
let state: State;
let current: { ticket: Ticket; guid: string; frame: HTMLIFrameElement; location: string } | null =
  null;

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  return (await response.json()) as T;
}

function post(message: unknown): void {
  current?.frame.contentWindow?.postMessage(message, new URL(state.appBase, origin).origin);
}

function trigger(event: string, payload: unknown = null): void {
  post({ key: `zaf.${event}`, message: payload });
}

function ticketPath(ticket: Ticket, path: string): unknown {
  const values: Record<string, unknown> = {
    ticket: ticket,
    'ticket.id': ticket.id,
    'ticket.status': ticket.status,
    'ticket.tags': ticket.tags,
    'ticket.priority': ticket.priority,
    'ticket.subject': ticket.subject,
    currentUser: state.currentUser,
    'currentUser.locale': state.currentUser.locale,
    'currentUser.role': state.currentUser.role,
    'currentUser.id': state.currentUser.id,
    // Zendesk's shape: the agent's time zone as set on their profile.
    'currentUser.timeZone': state.currentUser.timeZone ?? {
      ianaName: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
    currentAccount: { subdomain: state.account.subdomain },
  };
  return values[path];
}

/** `client.request`: Zendesk API paths go to the fixtures, other URLs through the proxy. */
async function request(
  n: number,
  options: { url: string; type?: string; data?: string; contentType?: string },
) {
  let status: number;
  let body: string;
  let statusText = '';
  if (options.url.startsWith('/api/v2/')) {
    const response = await fetch(`/zendesk${options.url}`, {
      method: options.type ?? 'GET',
      headers: options.contentType ? { 'content-type': options.contentType } : {},
      ...(options.data !== undefined && options.type !== 'GET' ? { body: options.data } : {}),
    });
    status = response.status;
    statusText = response.statusText;
    body = await response.text();
    if (status === 429) {
      const wait = response.headers.get('retry-after');
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {}
      post({
        key: `zaf.request:${n}.fail`,
        message: {
          responseArgs: [
            {
              status,
              statusText,
              responseText: body,
              responseJSON: json,
              headers: { 'retry-after': wait },
            },
          ],
        },
      });
      return;
    }
  } else {
    const proxied = await api<{ status: number; statusText: string; body: string }>(
      '/api/workspace/proxy',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(options),
      },
    );
    ({ status, statusText, body } = proxied);
  }
  let json: unknown = null;
  try {
    json = JSON.parse(body);
  } catch {}
  // The app changed a ticket (its tags, say): show the ticket as it is now, as Zendesk does,
  // rather than as it was when the agent's action was taken.
  if (
    status >= 200 &&
    status < 300 &&
    options.url.startsWith('/api/v2/tickets/') &&
    options.type === 'PUT'
  )
    await reload();
  if (status >= 200 && status < 300)
    post({ key: `zaf.request:${n}.done`, message: { responseArgs: [json ?? body] } });
  else
    post({
      key: `zaf.request:${n}.fail`,
      message: { responseArgs: [{ status, statusText, responseText: body, responseJSON: json }] },
    });
}

function answerRpc(message: { id: number; request: string; params: unknown }): void {
  const ticket = current!.ticket;
  if (message.request === 'get') {
    const paths = message.params as string[];
    const result: Record<string, unknown> = { errors: {} };
    for (const path of paths) {
      const value = ticketPath(ticket, path);
      if (value === undefined)
        (result.errors as Record<string, unknown>)[path] = {
          message: `"${path}" is not supported here`,
        };
      else result[path] = value;
    }
    post({ id: message.id, result });
  } else if (message.request === 'invoke') {
    const calls = message.params as Record<string, unknown[]>;
    for (const [name, args] of Object.entries(calls)) {
      if (name === 'routeTo' && args[0] === 'ticket') {
        // As Zendesk does: open the ticket in the agent's workspace.
        const ticket = state.tickets.find((t) => String(t.id) === String(args[1]));
        if (ticket) setTimeout(() => void openTicket(ticket), 0);
      }
      // A nav bar page has the whole page in Zendesk: only the sidebar is resized.
      if (name === 'resize' && current!.location !== 'nav_bar') {
        const size = (args[0] ?? {}) as { height?: string };
        if (size.height) current!.frame.style.height = size.height;
      }
    }
    post({ id: message.id, result: { errors: {} } });
  } else {
    post({ id: message.id, result: { errors: {} } });
  }
}

window.addEventListener('message', (event) => {
  if (!current || event.source !== current.frame.contentWindow) return;
  const message = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
  if (message.key === 'iframe.handshake') {
    post({
      key: 'zaf.app.registered',
      message: {
        metadata: {
          appId: state.appId,
          installationId: state.installationId,
          name: 'AI Cost Meter',
          settings: state.settings,
        },
        context: {
          product: 'support',
          location: current.location,
          ...(current.location === 'ticket_sidebar' ? { ticketId: current.ticket.id } : {}),
          instanceGuid: current.guid,
          account: { subdomain: state.account.subdomain },
        },
      },
    });
  } else if (typeof message.key === 'string' && message.key.startsWith('request:')) {
    void request(Number(message.key.slice('request:'.length)), message.message);
  } else if (message.request) {
    answerRpc(message);
  }
});

function locationUrl(name: string): string {
  const location = state.locations[name]!;
  const url = typeof location === 'string' ? location : location.url;
  return `${state.appBase}${url}`;
}

function renderTicket(ticket: Ticket): void {
  const section = document.getElementById('ticket')!;
  section.innerHTML = '';
  const title = document.createElement('h2');
  title.textContent = `#${ticket.id} ${ticket.subject ?? ''}`;
  const meta = document.createElement('p');
  meta.className = 'ws-muted';
  meta.dataset.testid = 'ticket-meta';
  meta.textContent = `Status: ${ticket.status} · Tags: ${ticket.tags.join(', ') || '(none)'}`;
  section.append(title, meta);
}

/** The plan switcher, with the plan in force selected (after a reload, or an admin's activation). */
function renderPlans(): void {
  const select = document.getElementById('plan') as HTMLSelectElement;
  const inForce = typeof state.activePlan === 'string' ? state.activePlan.split('@')[0] : null;
  const options = state.plans.map((p) => {
    const option = new Option(p.replace('.json', ''), p);
    option.selected = state.planIds[p] === inForce;
    return option;
  });
  select.replaceChildren(new Option('(other plan)', ''), ...options);
}

async function reload(): Promise<void> {
  state = await api<State>('/api/workspace/state');
  renderPlans();
  if (current) {
    const fresh = state.tickets.find((t) => t.id === current!.ticket.id);
    if (fresh) {
      current.ticket = fresh;
      renderTicket(fresh);
    }
  }
}

async function openTicket(ticket: Ticket): Promise<void> {
  document.body.dataset.view = 'ticket';
  const guid = crypto.randomUUID();
  const frame = document.createElement('iframe');
  frame.title = 'AI Cost Meter';
  frame.dataset.testid = 'app-frame';
  frame.src = `${locationUrl('ticket_sidebar')}?origin=${encodeURIComponent(origin)}&app_guid=${guid}`;
  current = { ticket, guid, frame, location: 'ticket_sidebar' };
  const holder = document.getElementById('app-frame')!;
  holder.replaceChildren(frame);
  for (const b of document.querySelectorAll<HTMLButtonElement>('#tickets button')) {
    b.setAttribute('aria-current', String(b.dataset.id === String(ticket.id)));
  }
  renderTicket(ticket);
  const actions = document.getElementById('actions')!;
  actions.hidden = false;
  actions.replaceChildren(
    ...state.actions.map((action) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = action.replace('_', ' ');
      button.dataset.action = action;
      button.addEventListener('click', () => void act(action));
      return button;
    }),
  );
}

/** Changes the ticket as an agent or the AI would, then tells the app as Zendesk does. */
async function act(action: string): Promise<void> {
  if (!current) return;
  const before = current.ticket.status;
  await api(`/api/workspace/tickets/${current.ticket.id}/${action}`, { method: 'POST' });
  await reload();
  if (current.ticket.status !== before) trigger('ticket.status.changed', current.ticket.status);
  trigger('ticket.updated', { id: current.ticket.id });
  trigger('ticket.saved');
}

/**
 * The app's nav bar page (reports), as Zendesk shows it: the whole page beside the navigation,
 * no ticket and no Apps pane, the frame as tall as the window (the page scrolls inside it).
 */
function openReports(): void {
  const guid = crypto.randomUUID();
  const frame = document.createElement('iframe');
  frame.title = 'AI Cost Meter reports';
  frame.dataset.testid = 'nav-frame';
  frame.className = 'ws-nav-frame';
  frame.src = `${locationUrl('nav_bar')}?origin=${encodeURIComponent(origin)}&app_guid=${guid}`;
  current = { ticket: state.tickets[0]!, guid, frame, location: 'nav_bar' };
  document.body.dataset.view = 'nav_bar';
  document.getElementById('app-frame')!.replaceChildren();
  document.getElementById('actions')!.hidden = true;
  document.getElementById('ticket')!.replaceChildren(frame);
}

async function main(): Promise<void> {
  await reload();
  document.getElementById('reports')!.addEventListener('click', openReports);
  const list = document.getElementById('tickets')!;
  list.replaceChildren(
    ...state.tickets.map((ticket) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.id = String(ticket.id);
      button.textContent = `#${ticket.id} ${ticket.subject ?? ''}`;
      button.addEventListener(
        'click',
        () => void openTicket(state.tickets.find((t) => t.id === ticket.id)!),
      );
      item.append(button);
      return item;
    }),
  );
  const select = document.getElementById('plan') as HTMLSelectElement;
  renderPlans();
  select.addEventListener('change', async () => {
    if (!select.value) return;
    await api('/api/workspace/plan', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file: select.value }),
    });
    await reload();
    // Settings changed: Zendesk reloads the app; so does the workspace.
    if (current) await openTicket(current.ticket);
  });
  if (new URLSearchParams(window.location.search).has('reports')) openReports();
  const wanted = new URLSearchParams(window.location.search).get('ticket');
  const first = state.tickets.find((t) => String(t.id) === wanted);
  if (first) await openTicket(first);
}

void main();
