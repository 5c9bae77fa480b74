/**
 * A case run under a sync variant: the same driver factory, except that every device it
 * creates is asked for that variant (`createDevice(..., { variant })`).
 */
import type { DriverFactory } from './ports.ts';

export function withVariant(factory: DriverFactory, variant: string | undefined): DriverFactory {
  if (variant === undefined) return factory;
  const wrapped = Object.create(factory) as DriverFactory;
  wrapped.createDevice = (name, user, options) =>
    factory.createDevice(name, user, { ...options, variant });
  return wrapped;
}
