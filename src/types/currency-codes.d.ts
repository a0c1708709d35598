declare module 'currency-codes/data.js' {
  const currencies: ReadonlyArray<{
    code: string;
    number: string;
    digits: number;
    currency: string;
  }>;
  export default currencies;
}
