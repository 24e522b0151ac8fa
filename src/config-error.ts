/** A setting walletgate cannot start with. Its message says which variable and what to set; the CLI prints it alone, without a stack. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
