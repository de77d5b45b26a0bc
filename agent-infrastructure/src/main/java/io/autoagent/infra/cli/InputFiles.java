package io.autoagent.infra.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a file the user named, with errors in plain words ({@link CliException#usage}). */
final class InputFiles {

  private static final Pattern UNEXPECTED =
      Pattern.compile("^Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");
  private static final Pattern UNRECOGNIZED = Pattern.compile("^Unrecognized token '([^']*)'");

  private InputFiles() {}

  /** The bytes of {@code path}; {@code what} names the file in errors ("alert file"). */
  static byte[] read(String what, Path path) {
    try {
      if (Files.isDirectory(path)) {
        throw CliException.usage("cannot read " + what + " " + path + ": it is a directory");
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw CliException.usage("cannot read " + what + " " + path + ": no such file");
    } catch (AccessDeniedException e) {
      throw CliException.usage("cannot read " + what + " " + path + ": permission denied");
    } catch (IOException e) {
      throw CliException.usage(
          "cannot read "
              + what
              + " "
              + path
              + ": "
              + e.getClass()
                  .getSimpleName()
                  .replaceAll("([a-z])([A-Z])", "$1 $2")
                  .toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** Checks that {@code bytes} hold one JSON document; says where and what is wrong otherwise. */
  static void requireJson(ObjectMapper mapper, String what, Path path, byte[] bytes) {
    try {
      if (mapper.readTree(bytes) == null || bytes.length == 0) {
        throw CliException.usage(what + " " + path + " is empty");
      }
    } catch (JsonProcessingException e) {
      throw CliException.usage(
          what + " " + path + " is not valid JSON" + where(e.getLocation()) + ": " + plain(e));
    } catch (IOException e) {
      throw CliException.usage("cannot read " + what + " " + path);
    }
  }

  private static String where(JsonLocation at) {
    return at == null || at.getLineNr() < 1
        ? ""
        : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** Jackson's message, in words a person can act on. */
  static String plain(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof JsonEOFException || original.startsWith("Unexpected end-of-input")) {
      return "the file ends before the JSON is complete (a missing } or ])";
    }
    Matcher unexpected = UNEXPECTED.matcher(original);
    if (unexpected.find()) {
      String c = unexpected.group(1);
      if (original.contains("double-quote to start field name")) {
        return "'" + c + "' where a quoted field name was expected (a trailing comma?)";
      }
      return "unexpected '" + c + "'";
    }
    Matcher unrecognized = UNRECOGNIZED.matcher(original);
    if (unrecognized.find()) {
      return "unexpected word '" + unrecognized.group(1) + "' (strings need double quotes)";
    }
    if (original.startsWith("Illegal unquoted character")) {
      return "a control character (such as a raw line break) inside a string";
    }
    if (original.contains("Trailing token")) {
      return "more content after the JSON document";
    }
    return "syntax error";
  }
}
