package io.autoagent.core.testing;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

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

  private NatsOperator(NKey operator, NKey account, String operatorJwt, String accountJwt) {
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
      String opJwt = JwtUtils.issueJWT(operator, operatorPub, "test-operator", null, JwtUtils.currentTimeSeconds(),
          null, claims("{\"type\":\"operator\",\"version\":2}"));
      String accJwt = JwtUtils.issueJWT(operator, accountPub, "agents", null, JwtUtils.currentTimeSeconds(), null,
          claims("{\"type\":\"account\",\"version\":2,\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,"
              + "\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1,"
              + "\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1}}"));
      return new NatsOperator(operator, account, opJwt, accJwt);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonSerializable claims(String json) {
    return () -> json;
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
      return "operator: \"" + op + "\"\nresolver: MEMORY\nresolver_preload: {\n  " + accountPublicKey() + ": \""
          + accountJwt + "\"\n}\njetstream {\n  store_dir: \"" + dir.resolve("js") + "\"\n}\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new user of the account and its {@code .creds} file at {@code file}. */
  public Path userCreds(Path file, String name) {
    try {
      NKey user = NKey.createUser(new SecureRandom());
      String jwt = JwtUtils.issueUserJWT(account, accountPublicKey(), new String(user.getPublicKey()), name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n"
          + "************************* IMPORTANT *************************\n"
          + "NKEY Seed printed below can be used to sign and prove identity.\n\n"
          + "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed()) + "\n------END USER NKEY SEED------\n");
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
