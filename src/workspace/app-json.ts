/**
 * `/app.json` as `zcli apps:server` serves it (read from @zendesk/zcli-apps' buildAppJSON): the
 * app with its locations, each nav bar or top bar location carrying the `svg` of its icon when
 * `assets/icon_<location>.svg` exists, and the installation whose settings are one-key objects
 * after a `{ title }` entry. Unlike zcli, a secure setting is left out: in Zendesk it never
 * reaches the browser, and the workspace's proxy keeps it. A test compares the two.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The locations zcli gives an icon to, per product. */
const ICON_LOCATIONS: Record<string, readonly string[]> = {
  support: ['top_bar', 'nav_bar', 'system_top_bar', 'ticket_editor'],
  sell: ['top_bar'],
};

interface Manifest {
  readonly name: string;
  readonly defaultLocale: string;
  readonly singleInstall?: boolean;
  readonly signedUrls?: boolean;
  readonly version: string;
  readonly frameworkVersion: string;
  readonly location: Record<string, Record<string, string | { url: string }>>;
  readonly parameters?: readonly { name: string; secure?: boolean }[];
}

export interface AppJsonInput {
  readonly manifest: Manifest;
  /** The built app folder, where the icons are looked for. */
  readonly appDir: string;
  /** Where the app's assets are served: `<origin>/<app id>/assets/`. */
  readonly origin: string;
  readonly appId: number;
  readonly installationId: number;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly now: Date;
}

function locationsOf(manifest: Manifest, appDir: string) {
  const multiProduct = Object.keys(manifest.location).length > 1;
  return Object.fromEntries(
    Object.entries(manifest.location).map(([product, locations]) => [
      product,
      Object.fromEntries(
        Object.entries(locations).map(([name, location]) => {
          const entry = typeof location === 'string' ? { url: location } : { ...location };
          const svg = multiProduct ? `${product}/icon_${name}.svg` : `icon_${name}.svg`;
          const iconed = ICON_LOCATIONS[product]?.includes(name) ?? false;
          return [
            name,
            iconed && existsSync(join(appDir, 'assets', svg)) ? { ...entry, svg } : entry,
          ];
        }),
      ),
    ]),
  );
}

export function appJson(input: AppJsonInput) {
  const { manifest } = input;
  const id = String(input.appId);
  const secure = new Set((manifest.parameters ?? []).filter((p) => p.secure).map((p) => p.name));
  const settings = (manifest.parameters ?? [])
    .filter((p) => !secure.has(p.name) && p.name in input.settings)
    .map((p) => ({ [p.name]: input.settings[p.name] }));
  return {
    apps: [
      {
        name: manifest.name,
        id,
        default_locale: manifest.defaultLocale,
        asset_url_prefix: `${input.origin}/${id}/assets/`,
        single_install: manifest.singleInstall,
        signed_urls: manifest.signedUrls,
        version: manifest.version,
        framework_version: manifest.frameworkVersion,
        locations: locationsOf(manifest, input.appDir),
      },
    ],
    installations: [
      {
        app_id: id,
        name: manifest.name,
        collapsible: true,
        enabled: true,
        id: input.installationId,
        plan: undefined,
        requirements: [],
        settings: [{ title: manifest.name }, ...settings],
        updated_at: input.now.toISOString(),
      },
    ],
  };
}
