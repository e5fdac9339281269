/** Set by the build (tsup `define`) and by the test configuration. */
declare const __EDD_PACKAGE_VERSION__: string;
