/**
 * The cost threshold's setting and tag (issue 14): `cost_threshold` is a positive decimal in
 * the plan's currency or empty (off); `<prefix>over_threshold` is wanted while the cost is at
 * or above it and removed, like every app tag, once it is not.
 */
import { describe, expect, it } from 'vitest';
import { isThreshold, reachesThreshold } from '../../src/pricing/budget/threshold.js';
import { parseSettings, SettingsError } from '../../src/zendesk/settings.js';
import { tagChange, wantedTags } from '../../src/zendesk/tags.js';

describe('reaching the threshold', () => {
  it.each([
    ['4.99', '5.00', false],
    ['5.00', '5.00', true],
    ['5', '5.00', true],
    ['5.01', '5', true],
    ['4.999999', '5', false],
    ['0.125', '0.125000', true],
    ['0.12', '0.125', false],
    ['12345678901234.56', '12345678901234.55', true],
  ])('%s against %s: %s', (total, threshold, expected) => {
    expect(reachesThreshold(total, threshold)).toBe(expected);
  });

  it('counts a negative or unreadable total as under it', () => {
    expect(reachesThreshold('-1.00', '0.01')).toBe(false);
    expect(reachesThreshold('', '0.01')).toBe(false);
  });

  it.each(['0', '0.00', '-1', '1e3', '1,00', '$5', '5.0000001', '1234567890123456', ' 5'])(
    'is not a threshold: %j',
    (text) => {
      expect(isThreshold(text)).toBe(false);
    },
  );
});

describe('the cost_threshold setting', () => {
  it('is off when empty or absent', () => {
    expect(parseSettings({}).costThreshold).toBeNull();
    expect(parseSettings({ cost_threshold: '  ' }).costThreshold).toBeNull();
    expect(parseSettings({ cost_threshold: null }).costThreshold).toBeNull();
  });

  it('keeps the admin’s decimal exactly (a number setting arrives as one too)', () => {
    expect(parseSettings({ cost_threshold: ' 25.50 ' }).costThreshold).toBe('25.50');
    expect(parseSettings({ cost_threshold: 7 }).costThreshold).toBe('7');
  });

  it.each(['0', 'five', '5,00', '-3', '1e2'])('refuses %j naming the setting', (value) => {
    expect(() => parseSettings({ cost_threshold: value })).toThrow(SettingsError);
    try {
      parseSettings({ cost_threshold: value });
    } catch (error) {
      expect((error as SettingsError).setting).toBe('cost_threshold');
    }
  });
});

describe('the over_threshold tag', () => {
  const breakdown = { outcome: 'pending_confirmation' as const, tools: [] };

  it('is wanted while over and removed once under, leaving other tags alone', () => {
    const over = wantedTags('aicm_', breakdown, true, false, true);
    expect(over).toContain('aicm_over_threshold');
    const under = wantedTags('aicm_', breakdown, true, false, false);
    expect(under).not.toContain('aicm_over_threshold');
    expect(tagChange('aicm_', under, [...over, 'vip'])).toEqual({
      add: [],
      remove: ['aicm_over_threshold'],
    });
  });

  it('is never wanted on a ticket without AI usage', () => {
    expect(wantedTags('aicm_', breakdown, false, false, true)).toEqual([]);
  });
});
