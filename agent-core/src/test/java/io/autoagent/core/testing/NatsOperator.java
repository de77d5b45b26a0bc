package io.autoagent.core.testing;

import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Operator mode for tests: an operator, one account with JetStream (issued by the operator), and a
 * user of that account with its {@code .creds} file, all made with jnats's NKey and JWT utilities.
 * {@link #serverConfig} is the {@code nats-server} configuration with a memory resolver preloaded
 * with the account.
 */
public final class NatsOperator {

  private final NKey operator;
  private final NKey account;
  private final String operatorJwt;
  private final String accountJwt;
  private final String systemPub;
  private final String systemJwt;

  private NatsOperator(
      NKey operator,
      NKey account,
      String operatorJwt,
      String accountJwt,
      String systemPub,
      String systemJwt) {
    this.systemPub = systemPub;
    this.systemJwt = systemJwt;
    this.operator = operator;
    this.account = account;
    this.operatorJwt = operatorJwt;
    this.accountJwt = accountJwt;
  }

  public static NatsOperator create() {
    try {
      SecureRandom random = new SecureRandom();
      NKey operator = NKey.createOperator(random);
      NKey account = NKey.createAccount(random);
      String operatorPub = new String(operator.getPublicKey());
      String accountPub = new String(account.getPublicKey());
      NKey system = NKey.createAccount(random);
      String systemPub = new String(system.getPublicKey());
      String opJwt =
          jwt(
              operator,
              operatorPub,
              "test-operator",
              "{\"type\":\"operator\",\"version\":2,\"system_account\":\"" + systemPub + "\"}");
      String sysJwt = jwt(operator, systemPub, "SYS", "{\"type\":\"account\",\"version\":2}");
      String accJwt =
          jwt(
              operator,
              accountPub,
              "agents",
              "{\"type\":\"account\",\"version\":2,\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,"
                  + "\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1,"
                  + "\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1}}");
      return new NatsOperator(operator, account, opJwt, accJwt, systemPub, sysJwt);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A v2 JWT: {@code iss} is the signer, {@code sub} the subject, {@code nats} the type's claims.
   */
  private static String jwt(NKey signer, String subject, String name, String nats)
      throws GeneralSecurityException, IOException {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString(
            "{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        "{\"jti\":\""
            + UUID.randomUUID().toString().replace("-", "").toUpperCase()
            + "\",\"iat\":"
            + JwtUtils.currentTimeSeconds()
            + ",\"iss\":\""
            + new String(signer.getPublicKey())
            + "\",\"name\":\""
            + name
            + "\",\"sub\":\""
            + subject
            + "\",\"nats\":"
            + nats
            + "}";
    String body = header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    return body + "." + b64.encodeToString(signer.sign(body.getBytes(StandardCharsets.UTF_8)));
  }

  public String accountPublicKey() {
    try {
      return new String(account.getPublicKey());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server configuration (operator, memory resolver preloaded with the account, JetStream). */
  public String serverConfig(Path dir) {
    try {
      Files.createDirectories(dir);
      Path op = dir.resolve("operator.jwt");
      Files.writeString(op, operatorJwt);
      return "operator: \""
          + op
          + "\"\nsystem_account: "
          + systemPub
          + "\nresolver: MEMORY\nresolver_preload: {\n  "
          + accountPublicKey()
          + ": \""
          + accountJwt
          + "\"\n  "
          + systemPub
          + ": \""
          + systemJwt
          + "\"\n}\njetstream {\n  store_dir: \""
          + dir.resolve("js")
          + "\"\n}\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new user of the account and its {@code .creds} file at {@code file}. */
  public Path userCreds(Path file, String name) {
    try {
      NKey user = NKey.createUser(new SecureRandom());
      String jwt =
          JwtUtils.issueUserJWT(account, accountPublicKey(), new String(user.getPublicKey()), name);
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          "-----BEGIN NATS USER JWT-----\n"
              + jwt
              + "\n------END NATS USER JWT------\n\n"
              + "************************* IMPORTANT *************************\n"
              + "NKEY Seed printed below can be used to sign and prove identity.\n\n"
              + "-----BEGIN USER NKEY SEED-----\n"
              + new String(user.getSeed())
              + "\n------END USER NKEY SEED------\n");
      return file;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The account's seed, for a test that needs a seed file of the wrong type. */
  public String accountSeed() {
    return new String(account.getSeed());
  }
}
