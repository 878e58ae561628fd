import { globTest } from "./glob.js";

/**
 * The system's certificate stores: public CA certificates that packages install and their scripts
 * (update-ca-certificates, c_rehash) link and bundle. Neither a secret nor a leak of the build.
 */
export const inCertificateStore = globTest(
  ["/etc/ssl/certs/**", "/usr/share/ca-certificates/**", "/usr/local/share/ca-certificates/**", "/etc/pki/**", "/usr/lib/ssl/certs/**"],
  { dot: true, basename: false },
);
