// The baseline of the type-checking times: no import at all, only the libraries every program
// is checked with (lib.dom, @types/node).
export {};
