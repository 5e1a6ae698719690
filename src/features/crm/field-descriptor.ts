/** Flags of a field descriptor; absent means false. */
export interface FieldFlags {
  isRequired?: boolean;
  isReadOnly?: boolean;
  isImmutable?: boolean;
  isMultiple?: boolean;
  isDynamic?: boolean;
}

/** One entry of a `*.fields` answer: type, the five flags in the cloud's order, title. */
export function fieldDescriptor(type: string, title: string, flags: FieldFlags = {}) {
  return {
    type,
    isRequired: flags.isRequired ?? false,
    isReadOnly: flags.isReadOnly ?? false,
    isImmutable: flags.isImmutable ?? false,
    isMultiple: flags.isMultiple ?? false,
    isDynamic: flags.isDynamic ?? false,
    title,
  };
}
