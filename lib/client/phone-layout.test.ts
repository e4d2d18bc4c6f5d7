import { describe, expect, it } from 'vitest';
import { guessPhoneLayout } from './phone-layout';

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('guessPhoneLayout', () => {
  it('takes the Sec-CH-UA-Mobile client hint for a phone', () => {
    expect(guessPhoneLayout(headers({ 'sec-ch-ua-mobile': '?1' }))).toBe(true);
    expect(guessPhoneLayout(headers({ 'sec-ch-ua-mobile': '?0' }))).toBe(false);
  });

  it('reads phones from the user agent, not tablets or desktops', () => {
    const ua = (value: string) => guessPhoneLayout(headers({ 'user-agent': value }));
    expect(
      ua('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'),
    ).toBe(true);
    expect(
      ua('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36'),
    ).toBe(true);
    expect(ua('Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/126 Safari/537.36')).toBe(
      false,
    );
    expect(ua('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15')).toBe(false);
    expect(ua('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36')).toBe(false);
    expect(guessPhoneLayout(headers({}))).toBe(false);
  });
});
