/**
 * The headless Chromium that the `@sparticuz/chromium` package carries, brotli-compressed: the
 * binary, SwiftShader (software GL, loaded from beside the binary), a font, and the few shared
 * libraries the binary needs beyond the C library (NSS, NSPR, expat; built for Amazon Linux, they
 * load on any glibc Linux), so it runs on a machine with nothing installed.
 *
 * The package's own `executablePath()` unpacks into the shared temporary folder and trusts any
 * `chromium` already there; this unpacks once per package version into node_modules/.cache, in
 * a folder of its own that is renamed into place when complete, so concurrent test workers and
 * runs never start half a file or another version.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';

export interface PackagedChromium {
  readonly executablePath: string;
  /** What the browser process needs in its environment: the libraries' and fonts' folders. */
  readonly env: Record<string, string>;
}

/** The package's root folder (its entry point is build/cjs/index.cjs). */
function packageRoot(): string {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  return join(dirname(entry), '..', '..');
}

/**
 * Unpacks a brotli-compressed tar archive into a folder, with the system's tar. The archive is
 * decompressed to a file first: tar stops reading at the end-of-archive blocks, so piping into
 * it can end in a premature close of its input.
 */
async function untar(archive: string, into: string): Promise<void> {
  mkdirSync(into, { recursive: true });
  const plain = join(into, '.archive.tar');
  await pipeline(createReadStream(archive), createBrotliDecompress(), createWriteStream(plain));
  const result = spawnSync('tar', ['-x', '--no-same-owner', '-f', plain, '-C', into], {
    encoding: 'utf8',
  });
  await rm(plain);
  if (result.status !== 0) {
    throw new Error(
      `tar failed on ${archive} (${result.status}): ${result.error ?? result.stderr}`,
    );
  }
}

function fontConfig(fontsDir: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${fontsDir}/fonts</dir>
  <cachedir>${fontsDir}/cache</cachedir>
</fontconfig>
`;
}

async function unpack(bin: string, work: string, final: string): Promise<void> {
  await pipeline(
    createReadStream(join(bin, 'chromium.br')),
    createBrotliDecompress(),
    createWriteStream(join(work, 'chromium'), { mode: 0o755 }),
  );
  await untar(join(bin, 'swiftshader.tar.br'), work);
  await untar(join(bin, 'al2023.tar.br'), join(work, 'al2023'));
  await untar(join(bin, 'fonts.tar.br'), join(work, 'fonts'));
  // The package's fonts.conf names Lambda's folders; this one names where the font is.
  await writeFile(join(work, 'fonts', 'fonts.conf'), fontConfig(join(final, 'fonts')));
}

let unpacked: Promise<PackagedChromium> | undefined;

export function packagedChromium(): Promise<PackagedChromium> {
  unpacked ??= (async () => {
    const root = packageRoot();
    const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    const cache = join(root, '..', '..', '.cache', 'ai-cost-meter');
    const final = join(cache, `chromium-${version}`);
    if (!existsSync(join(final, 'chromium'))) {
      mkdirSync(cache, { recursive: true });
      const work = mkdtempSync(join(cache, `.chromium-${version}-`));
      try {
        await unpack(join(root, 'bin'), work, final);
        // Another run may have finished first; its copy is as good as this one.
        await rename(work, final).catch((error: NodeJS.ErrnoException) => {
          if (!existsSync(join(final, 'chromium'))) throw error;
        });
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    }
    const libraries = join(final, 'al2023', 'lib');
    const inherited = process.env.LD_LIBRARY_PATH;
    return {
      executablePath: join(final, 'chromium'),
      env: {
        LD_LIBRARY_PATH: inherited ? `${libraries}:${inherited}` : libraries,
        FONTCONFIG_PATH: join(final, 'fonts'),
        // Under LANG=C this build's default locale is `en-US@posix`, which Intl refuses.
        LANG: 'en_US.UTF-8',
      },
    };
  })();
  return unpacked;
}
