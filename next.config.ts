import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The repository is the workspace root even when other lockfiles sit in parent folders.
  turbopack: { root: __dirname },
  // pg-boss (the PostgreSQL job queue) loads its SQL plans at run time, and @node-rs/crc32 (the
  // zip writer's CRC) its platform's native binary: keep them plain Node requires.
  serverExternalPackages: ["pg-boss", "@node-rs/crc32"],
  // `npm test` runs `tsc --noEmit` over the whole repository; the build does not repeat it, so that
  // `npm start` is not blocked (or slowed by ~15 s) by a type error in a test or a CLI file.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
