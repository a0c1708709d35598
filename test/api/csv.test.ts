/**
 * The one CSV writer (backend reports and app exports): RFC 4180, and OWASP's rule against
 * formula injection, one test per vector.
 */
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/api/csv.js';

describe('CSV cells', () => {
  it.each([
    ['=', '=1+1', `"'=1+1"`],
    ['+', '+1+1', `"'+1+1"`],
    [
      '- and a digit',
      '-1+HYPERLINK("http://evil.example","x")',
      `"'-1+HYPERLINK(""http://evil.example"",""x"")"`,
    ],
    ['- and a letter', '-A1', `"'-A1"`],
    ['@', '@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
    ['a tab', '\t=1+1', `"'\t=1+1"`],
    ['a carriage return', '\r=2+2', `"'\r=2+2"`],
    ['= after a quote', '"=1+1', `"""=1+1"`],
  ])('makes a cell starting with %s text', (_, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it.each([
    ['a negative amount', '-1.50'],
    ['a negative whole number', '-3'],
    ['an amount', '12.34'],
    ['plain text', 'web'],
    ['a formula sign later in the cell', 'a=1+1'],
  ])('leaves %s as it is', (_, value) => {
    expect(csvCell(value)).toBe(value);
  });

  it('quotes commas, quotes and line breaks, and writes null as empty', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(7)).toBe('7');
  });

  it('writes a header and CRLF lines, escaping the header too', () => {
    expect(toCsv(['key', '=x'], [{ key: '=1', '=x': '-2' }])).toBe(`key,"'=x"\r\n"'=1",-2\r\n`);
  });
});
