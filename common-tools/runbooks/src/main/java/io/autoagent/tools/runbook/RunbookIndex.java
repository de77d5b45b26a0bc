package io.autoagent.tools.runbook;

import io.autoagent.core.Memo;
import io.autoagent.tools.analysis.Category;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * In-memory Lucene index over one snapshot of runbooks. Candidates are the runbooks whose
 * categories contain the root cause or whose reasons contain the alert reason; they are ordered by
 * category match, then reason match, then BM25 relevance of the incident text to the runbook's
 * title, description and tags. Immutable once built; searches are thread-safe.
 */
final class RunbookIndex {

  /**
   * Lucene logs through java.util.logging, once per process, that the JDK's incubating Vector API
   * is not enabled ("Java vector incubator module is not readable"). The index is a few dozen
   * runbooks and uses no vectors, so the note is noise: silenced here, for every command. Held in a
   * static field because java.util.logging keeps loggers only weakly.
   */
  private static final java.util.logging.Logger LUCENE_VECTOR_NOTE = quietLuceneVectorNote();

  private static java.util.logging.Logger quietLuceneVectorNote() {
    java.util.logging.Logger logger =
        java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }

  /** A runbook that fits, with why. */
  record Candidate(Runbook runbook, boolean categoryMatch, boolean reasonMatch, float score) {}

  static final int MAX_QUERY_TERMS = 150;
  private static final String ID = "id";
  private static final String CATEGORY = "category";
  private static final String EXCLUDED = "excluded";
  private static final String REASON = "reason";
  private static final String TITLE = "title";
  private static final String DESCRIPTION = "description";
  private static final String TAGS = "tags";

  private final Analyzer analyzer = new EnglishAnalyzer();
  private final Map<String, Runbook> byId;
  private final IndexSearcher searcher;

  /** Every analysed term of the runbooks' titles, descriptions and tags. */
  private final Set<String> vocabulary = new HashSet<>();

  /** The runbook of each Lucene document id, read once: hits need no stored-field lookups. */
  private final Runbook[] byDoc;

  /**
   * Search results by query. The index never changes, so a result stays exact; an alert storm
   * repeats a handful of queries (the terms are filtered to the runbooks' vocabulary), and a Lucene
   * search costs far more than the lookup.
   */
  private final Memo<Query, List<Candidate>> searches = Memo.ofEntries(MAX_CACHED_SEARCHES);

  /**
   * The distinct terms of each part of an incident text (a line, a message, a label). Tokenizing
   * and stemming costs more than the search it feeds, and a storm about one workload sends the same
   * parts each time, with perhaps a line or two that changed.
   */
  private final Memo<String, List<String>> partTerms =
      Memo.ofWeight(MAX_REMEMBERED_TEXT_CHARS, String::length, List::size);

  /**
   * The known terms of a whole incident text, by its parts: a repeat skips merging its parts'
   * terms.
   */
  private final Memo<List<String>, List<String>> textTerms =
      Memo.ofWeight(MAX_REMEMBERED_TEXT_CHARS, RunbookIndex::chars, List::size);

  static final int MAX_CACHED_SEARCHES = 4096;

  /** Characters of incident text whose terms are remembered: about 4 MiB of heap at most. */
  static final long MAX_REMEMBERED_TEXT_CHARS = 2L * 1024 * 1024;

  /** What a search depends on: labels are applied after it, so they are not part of it. */
  private record Query(Category category, String reason, List<String> terms) {}

  RunbookIndex(Map<String, Runbook> byId) {
    this.byId = byId;
    ByteBuffersDirectory dir = new ByteBuffersDirectory();
    IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (Runbook r : byId.values()) {
        writer.addDocument(document(r));
        vocabulary.addAll(
            analyze(
                r.title() + "\n" + r.description() + "\n" + String.join(" ", r.tags()),
                Integer.MAX_VALUE));
      }
      writer.commit();
      DirectoryReader reader = DirectoryReader.open(dir);
      searcher = new IndexSearcher(reader);
      byDoc = new Runbook[reader.maxDoc()];
      StoredFields stored = reader.storedFields();
      for (int doc = 0; doc < reader.maxDoc(); doc++) {
        byDoc[doc] = byId.get(stored.document(doc, Set.of(ID)).get(ID));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the in-memory runbook index", e);
    }
    searcher.setSimilarity(new BM25Similarity());
  }

  private static Document document(Runbook r) {
    Document d = new Document();
    d.add(new StringField(ID, r.id(), Field.Store.YES));
    r.matches()
        .categories()
        .forEach(c -> d.add(new StringField(CATEGORY, c.name(), Field.Store.NO)));
    r.matches()
        .excludeCategories()
        .forEach(c -> d.add(new StringField(EXCLUDED, c.name(), Field.Store.NO)));
    r.matches()
        .reasons()
        .forEach(x -> d.add(new StringField(REASON, x.toLowerCase(Locale.ROOT), Field.Store.NO)));
    d.add(new TextField(TITLE, r.title(), Field.Store.NO));
    d.add(new TextField(DESCRIPTION, r.description(), Field.Store.NO));
    d.add(new TextField(TAGS, String.join(" ", r.tags()), Field.Store.NO));
    return d;
  }

  /**
   * Fitting runbooks, best first; labels restrict runbooks that declare {@code matches.labels}. The
   * incident text comes in parts, each analysed on its own: no term spans two parts.
   */
  List<Candidate> candidates(
      Category category, String reason, Map<String, String> labels, List<String> text) {
    if (byId.isEmpty()) {
      return List.of();
    }
    List<String> known = textTerms.get(text, this::knownTerms);
    Query query =
        new Query(
            category,
            reason == null || reason.isBlank() ? null : reason.toLowerCase(Locale.ROOT),
            known);
    List<Candidate> ranked = searches.get(query, this::search);
    List<Candidate> out = new ArrayList<>(ranked.size());
    for (Candidate c : ranked) {
      if (c.runbook().matches().labelsMatch(labels)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The first {@link #MAX_QUERY_TERMS} distinct terms of the parts, as one text of them would give,
   * less those no runbook contains: such a term scores zero, and leaving it out saves the hundreds
   * of clauses a long incident text would otherwise cost on every search.
   */
  private List<String> knownTerms(List<String> parts) {
    Set<String> terms = new LinkedHashSet<>();
    for (String part : parts) {
      for (String term : partTerms.get(part == null ? "" : part, p -> List.copyOf(terms(p)))) {
        if (terms.size() >= MAX_QUERY_TERMS) {
          break;
        }
        terms.add(term);
      }
    }
    List<String> known = new ArrayList<>();
    for (String term : terms) {
      if (vocabulary.contains(term)) {
        known.add(term);
      }
    }
    return List.copyOf(known);
  }

  private static long chars(List<String> parts) {
    long chars = 0;
    for (String part : parts) {
      chars += part == null ? 0 : part.length();
    }
    return chars;
  }

  /** The ranked candidates of one query, before labels are applied. */
  private List<Candidate> search(Query query) {
    Category category = query.category();
    String reason = query.reason();
    BooleanQuery.Builder trigger = new BooleanQuery.Builder();
    trigger.add(new TermQuery(new Term(CATEGORY, category.name())), Occur.SHOULD);
    if (reason != null) {
      trigger.add(new TermQuery(new Term(REASON, reason)), Occur.SHOULD);
    }
    trigger.setMinimumNumberShouldMatch(1);
    BooleanQuery.Builder q = new BooleanQuery.Builder();
    q.add(trigger.build(), Occur.FILTER);
    q.add(new TermQuery(new Term(EXCLUDED, category.name())), Occur.MUST_NOT);
    for (String term : query.terms()) {
      q.add(new BoostQuery(new TermQuery(new Term(TITLE, term)), 2f), Occur.SHOULD);
      q.add(new TermQuery(new Term(DESCRIPTION, term)), Occur.SHOULD);
      q.add(new BoostQuery(new TermQuery(new Term(TAGS, term)), 2f), Occur.SHOULD);
    }
    List<Candidate> out = new ArrayList<>();
    try {
      for (ScoreDoc sd : searcher.search(q.build(), byId.size()).scoreDocs) {
        Runbook r = byDoc[sd.doc];
        if (r != null) {
          out.add(
              new Candidate(
                  r,
                  r.matches().categories().contains(category),
                  r.matches().reasonMatches(reason),
                  sd.score));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory runbook search failed", e);
    }
    out.sort(
        Comparator.comparing(Candidate::categoryMatch)
            .reversed()
            .thenComparing(Comparator.comparing(Candidate::reasonMatch).reversed())
            .thenComparing(Comparator.comparingDouble(Candidate::score).reversed())
            .thenComparing(c -> c.runbook().id()));
    return List.copyOf(out);
  }

  /** Distinct analysed terms of the text, at most {@link #MAX_QUERY_TERMS}. */
  Collection<String> terms(String text) {
    return analyze(text, MAX_QUERY_TERMS);
  }

  private Set<String> analyze(String text, int max) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream(DESCRIPTION, text == null ? "" : text)) {
      CharTermAttribute att = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken() && terms.size() < max) {
        terms.add(att.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }
}
