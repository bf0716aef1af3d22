import { NextResponse, type NextRequest } from "next/server";

/**
 * Sends signed-out visitors of private pages to the sign-in page and back afterwards. Only a
 * convenience: it looks for a session cookie without verifying it; pages, actions and handlers
 * do the real checks.
 */
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

export function proxy(request: NextRequest) {
  if (request.cookies.getAll().some((c) => SESSION_COOKIE.test(c.name))) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?callbackUrl=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/account/:path*", "/admin/:path*"] };
