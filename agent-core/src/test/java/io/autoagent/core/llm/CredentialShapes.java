package io.autoagent.core.llm;

import java.util.List;

/**
 * Credential shapes written from providers' documented token formats and public secret-scanner rule
 * sets (gitleaks, trufflehog), each as a line a workload could print, with the part that must never
 * leave the agent. Every value is fake. Shared by {@code RedactorTest} and the end-to-end redaction
 * IT, which plants each one in an incident.
 */
public final class CredentialShapes {

  /**
   * @param name what it is
   * @param text the line carrying it
   * @param secret the substring that must be absent after redaction
   */
  public record Shape(String name, String text, String secret) {
    @Override
    public String toString() {
      return name;
    }
  }

  private CredentialShapes() {}

  public static final String PEM_RSA =
      """
      -----BEGIN RSA PRIVATE KEY-----
      MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
      VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK
      LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo
      9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvr
      Ab3x9Q==
      -----END RSA PRIVATE KEY-----""";

  public static final String PEM_EC =
      """
      -----BEGIN EC PRIVATE KEY-----
      MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oMv7OjsKNz6foAoGCCqGSM49
      AwEHoUQDQgAE0aE5h2kPzeq8dZ5sHqbzHh6yqN3nXnYkqLqtzE8Bvq7HSm
      Zq9w==
      -----END EC PRIVATE KEY-----""";

  public static final String PEM_OPENSSH =
      """
      -----BEGIN OPENSSH PRIVATE KEY-----
      b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
      QyNTUxOQAAACDk8Jzk5Gm8bGq1Ytp3zJqKx9nW0oNsGoWrYk1pPzDxhw
      AAAEC9yQ==
      -----END OPENSSH PRIVATE KEY-----""";

  public static final String PEM_PKCS8 =
      """
      -----BEGIN PRIVATE KEY-----
      MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj
      MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu
      Pq3r
      -----END PRIVATE KEY-----""";

  /** The shapes; at least forty. */
  public static final List<Shape> ALL =
      List.of(
          new Shape(
              "aws access key id", "using AKIAIOSFODNN7EXAMPLE for s3", "AKIAIOSFODNN7EXAMPLE"),
          new Shape("aws sts key id", "creds ASIAY34FZKBOKMUTVV7A expired", "ASIAY34FZKBOKMUTVV7A"),
          new Shape(
              "aws secret in env",
              "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
              "wJalrXUtnFEMI/K7MDENG"),
          new Shape(
              "aws secret in ini",
              "aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
              "je7MtGbClwBF"),
          new Shape(
              "github classic token",
              "git clone with ghp_R4nd0mT0k3nV4lu3xxxxxxxxxxxxxxxxxxx12 failed",
              "ghp_R4nd0mT0k3nV4lu3"),
          new Shape(
              "github oauth token",
              "gho_16C7e42F292c6912E7710c838347Ae178B4a",
              "gho_16C7e42F292c6912E7710c8"),
          new Shape(
              "github fine-grained pat",
              "token github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS",
              "github_pat_11ABCDEFG0123456789"),
          new Shape(
              "github app token",
              "ghs_abcdefghijklmnopqrstuvwxyz0123456789 used",
              "ghs_abcdefghijklmnopqrstuv"),
          new Shape(
              "gitlab pat", "GITLAB=glpat-xJ8kLm2NpQr5StUv7WxY", "glpat-xJ8kLm2NpQr5StUv7WxY"),
          new Shape(
              "slack bot token",
              "slack client xoxb-2413351421-5846498465-Zq3tWLkbPrDcCE7aPvNRBoEz",
              "xoxb-2413351421"),
          new Shape(
              "slack user token",
              "xoxp-2413351421-2413351422-5846498465-d8c4e2bd8e1a7c37",
              "xoxp-2413351421"),
          new Shape(
              "slack webhook url",
              "posting to https://hooks.slack.com/services/T024BE7LD/B05PZ3K1N9A/abcDEF123ghiJKL456mnoPQR",
              "T024BE7LD/B05PZ3K1N9A"),
          new Shape(
              "stripe live secret",
              "stripe.api_key = sk_live_51H8abcdefGhIjKlMnOpQrStUv",
              "sk_live_51H8abcdefGhIjKlMnOp"),
          new Shape(
              "stripe restricted key",
              "rk_live_4eC39HqLyjWDarjtT1zdp7dc in config",
              "rk_live_4eC39HqLyjWDarjtT1zdp7dc"),
          new Shape(
              "google api key",
              "maps key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
              "AIzaSyD-9tSrke72PouQMnMX"),
          new Shape(
              "google oauth token",
              "access ya29.a0AfH6SMBx3kQzPq7Rt9LmNbVcXz",
              "ya29.a0AfH6SMBx3kQz"),
          new Shape(
              "jwt",
              "session eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
              "eyJzdWIiOiIxMjM0NTY3ODkwIn0"),
          new Shape(
              "bearer header",
              "Authorization: Bearer 8f2d9c1e7b3a4f6d0e5c2b1a9f8e7d6c",
              "8f2d9c1e7b3a4f6d0e5c2b1a9f8e7d6c"),
          new Shape(
              "basic header",
              "authorization: Basic YWRtaW46UzNjcjN0UGFzcw==",
              "YWRtaW46UzNjcjN0UGFzcw"),
          new Shape(
              "token header", "Authorization: token 1a2b3c4d5e6f7a8b9c0d", "1a2b3c4d5e6f7a8b9c0d"),
          new Shape("api key header", "X-Api-Key: 7c1f0a9e3b2d4c5f", "7c1f0a9e3b2d4c5f"),
          new Shape("pem rsa private key", PEM_RSA, "Ab3x9Q=="),
          new Shape("pem ec private key", PEM_EC, "Zq9w=="),
          new Shape("pem openssh private key", PEM_OPENSSH, "AAAEC9yQ=="),
          new Shape("pem pkcs8 private key", PEM_PKCS8, "Pq3r"),
          new Shape(
              "npm token",
              "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789",
              "npm_abcdefghijklmnop"),
          new Shape(
              "npm token bare",
              "NPM publish with npm_Zyxwvutsrqponmlkjihgfedcba9876543210",
              "npm_Zyxwvutsrqponmlkji"),
          new Shape(
              "sendgrid key",
              "mail via 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",
              "TwL2iGABf9DHoTf"),
          new Shape(
              "twilio api key",
              "twilio SK0123456789abcdef0123456789abcdef",
              "SK0123456789abcdef0123456789abcdef"),
          new Shape(
              "twilio auth token",
              "TWILIO_AUTH_TOKEN=4f9c2a1b8e7d6c5b4a3f2e1d0c9b8a7f",
              "4f9c2a1b8e7d6c5b4a3f2e1d0c9b8a7f"),
          new Shape(
              "azure storage connection string",
              "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net",
              "Eby8vdM02xNOcqFlqUwJ"),
          new Shape(
              "azure sas url",
              "https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=AbCdEf123%2Bxyz456&se=2026",
              "AbCdEf123%2Bxyz456"),
          new Shape(
              "postgres url",
              "dial postgres://app:s3cr3t-Pa55@db.internal:5432/orders failed",
              "s3cr3t-Pa55"),
          new Shape(
              "mysql url", "DATABASE_URL=mysql://root:My5qlR00t!@mysql:3306/shop", "My5qlR00t!"),
          new Shape(
              "mongodb srv url",
              "mongodb+srv://svc:M0ng0Pw_x9@cluster0.abcd.mongodb.net/db",
              "M0ng0Pw_x9"),
          new Shape("redis url", "redis://:hunter22xx@cache:6379/0", "hunter22xx"),
          new Shape("amqp url", "amqp://guest:Rabb1tPw77@rabbit:5672/", "Rabb1tPw77"),
          new Shape(
              "basic auth url",
              "fetching https://deploy:Tr1ckyPw99@artifacts.example.com/repo",
              "Tr1ckyPw99"),
          new Shape(
              "token as url user",
              "git remote https://ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789@github.com/o/r",
              "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz"),
          new Shape(
              "sql server connection string",
              "Server=db;User Id=sa;Password=Tr0ub4dor&3;Database=x",
              "Tr0ub4dor&3"),
          new Shape("odbc pwd", "Driver={ODBC};Uid=svc;Pwd=0dbcPa55w;", "0dbcPa55w"),
          new Shape(
              "password in json",
              "{\"user\": \"svc\", \"password\": \"correct horse battery\"}",
              "correct horse battery"),
          new Shape(
              "client secret in json",
              "{\"client_secret\":\"zz-top-secret-42\"}",
              "zz-top-secret-42"),
          new Shape("password in yaml", "db:\n  host: pg\n  password: Yam1Secr3t\n", "Yam1Secr3t"),
          new Shape(
              "password in python dict",
              "config = {'user': 'svc', 'password': 'py-dict-s3cret'}",
              "py-dict-s3cret"),
          new Shape("password in dotenv", "DB_PASSWORD=correct-horse-9", "correct-horse-9"),
          new Shape(
              "quoted dotenv", "export API_TOKEN=\"tok en with spaces 7\"", "tok en with spaces 7"),
          new Shape("camelCase key", "dbPassword: c4melCaseP4ss", "c4melCaseP4ss"),
          new Shape("xml password", "<password>Xm1Pa55word</password>", "Xm1Pa55word"),
          new Shape("cli flag", "mysql --password S3cretFl4g -h db", "S3cretFl4g"),
          new Shape(
              "openai key",
              "OPENAI sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345",
              "sk-proj-AbCdEfGhIjKlMnOp"),
          new Shape(
              "anthropic key",
              "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123",
              "sk-ant-api03-AbCdEfGhIj"),
          new Shape(
              "hashicorp vault token",
              "VAULT hvs.CAESIJlnO6aFvH0wGxQ2Wn3kZ7YbTqLmPxR4",
              "hvs.CAESIJlnO6aFvH0wGxQ2W"),
          new Shape(
              "huggingface token",
              "hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh loaded",
              "hf_AbCdEfGhIjKlMnOpQrSt"),
          new Shape(
              "digitalocean token",
              "dop_v1_" + "0123456789abcdef".repeat(4),
              "dop_v1_0123456789abcdef"),
          new Shape(
              "shopify token", "shpat_0123456789abcdef0123456789abcdef", "shpat_0123456789abcdef"),
          new Shape(
              "mailgun key", "key-0123456789abcdefghijklmnopqrstuv", "key-0123456789abcdefghij"),
          new Shape(
              "high entropy blob",
              "data Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1OT1BRUg==",
              "Zm9vYmFyYmF6cXV4MTIzNDU2"),
          new Shape(
              "cookie header", "Cookie: session=8a7b6c5d4e3f2a1b; theme=dark", "8a7b6c5d4e3f2a1b"),
          new Shape(
              "docker config auth",
              "{\"auths\":{\"reg.io\":{\"auth\":\"ZGVwbG95OmRvY2tlclB3\"}}}",
              "ZGVwbG95OmRvY2tlclB3"));
}
