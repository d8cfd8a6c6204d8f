/* Trusted CA for the example (a throwaway self-signed P-256 CA): replace it with
 * the CA that signs your Classic site or PCA appliance certificate. */
static const char site_ca_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBijCCAS+gAwIBAgIUcXaM4zj9LvU8BEY7/ZCrZH6gKAMwCgYIKoZIzj0EAwIw\n"
    "GjEYMBYGA1UEAwwPb3JjYSBleGFtcGxlIENBMB4XDTI2MTEyMjExMTIyNloXDTM2\n"
    "MTExOTExMTIyNlowGjEYMBYGA1UEAwwPb3JjYSBleGFtcGxlIENBMFkwEwYHKoZI\n"
    "zj0CAQYIKoZIzj0DAQcDQgAEtw18fBaccPWFWuwcqEZptEy7IH51TjC3SAqazWqu\n"
    "1CbeRWltbp6qIKO1crd3uJO5aRLpsxcUFuz/eDoF15DcGaNTMFEwHQYDVR0OBBYE\n"
    "FJFrbuOHLmt116NHqzjO2VbGyUMfMB8GA1UdIwQYMBaAFJFrbuOHLmt116NHqzjO\n"
    "2VbGyUMfMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAOirP5YK\n"
    "tcVc54T2kh5rB1cH/NXXf6zB2CtKma4nxqt/AiEA9hKZXOxbENG7XhKmAFVsCjd/\n"
    "mM7Us24G5QGJlhnN05M=\n"
    "-----END CERTIFICATE-----\n"
    ;
