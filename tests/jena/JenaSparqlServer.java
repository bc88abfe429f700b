/*
 * A test front-end for Apache Jena's SPARQL engine (ARQ) on a TDB2 dataset. It is NOT
 * Fuseki: Fuseki's distribution comes only from Maven Central, which the project's machines
 * cannot reach, while Debian ships the Jena libraries (libapache-jena-java). This server
 * answers in Fuseki's URL layout and the way Fuseki answers, so that tests/test_remote.py
 * runs claimgraph against Jena's query engine and storage:
 *
 *   /DATASET/sparql  SPARQL 1.1 Protocol query (GET ?query=, POST form or
 *                    application/sparql-query); default-graph-uri and named-graph-uri
 *                    make the dataset as Fuseki does (DynamicDatasets); SELECT and ASK in
 *                    application/sparql-results+json, CONSTRUCT and DESCRIBE in N-Triples.
 *   /DATASET/data    Graph Store Protocol (?graph=IRI or ?default): GET, PUT, POST, DELETE
 *                    with N-Triples bodies; 201 when a write creates the graph, 204 when it
 *                    existed, 404 for a graph that does not exist (TDB2 keeps no empty graph).
 *
 * No union default graph (Fuseki's default) and no SPARQL Update. Listens on 127.0.0.1 only.
 *
 *   java -cp CLASSPATH JenaSparqlServer TDB2-FOLDER PORT [DATASET]
 */

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.query.Syntax;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RiotException;
import org.apache.jena.sparql.core.DatasetDescription;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DynamicDatasets;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;

public final class JenaSparqlServer {
    private final DatasetGraph store;

    private JenaSparqlServer(DatasetGraph store) {
        this.store = store;
    }

    public static void main(String[] args) throws IOException {
        String dataset = args.length > 2 ? args[2] : "study";
        JenaSparqlServer server = new JenaSparqlServer(DatabaseMgr.connectDatasetGraph(args[0]));
        HttpServer http =
            HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 64);
        http.createContext("/" + dataset + "/sparql", exchange -> server.handle(exchange, true));
        http.createContext("/" + dataset + "/data", exchange -> server.handle(exchange, false));
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.start();
        System.out.println("listening on http://127.0.0.1:" + args[1] + "/" + dataset + "/sparql");
    }

    /** A failure with the HTTP status to answer. */
    private static final class Status extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Status(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private void handle(HttpExchange exchange, boolean sparql) throws IOException {
        try (exchange) {
            Map<String, List<String>> params = parse(exchange.getRequestURI().getRawQuery());
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                if (sparql) {
                    query(exchange, params, body);
                } else {
                    graphStore(exchange, params, body);
                }
            } catch (Status status) {
                send(exchange, status.code, "text/plain", status.getMessage() + "\n");
            } catch (QueryParseException | RiotException exc) {
                // A query or an uploaded body that does not parse: Fuseki answers 400.
                send(exchange, 400, "text/plain", exc.getMessage() + "\n");
            } catch (RuntimeException exc) {
                send(exchange, 500, "text/plain", exc + "\n");
            }
        }
    }

    // -- SPARQL 1.1 Protocol: queries --------------------------------------------------------

    private void query(HttpExchange exchange, Map<String, List<String>> params, byte[] body)
            throws IOException {
        String method = exchange.getRequestMethod();
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        String text = first(params, "query");
        if (method.equals("POST") && type.startsWith("application/x-www-form-urlencoded")) {
            Map<String, List<String>> form = parse(new String(body, StandardCharsets.US_ASCII));
            form.forEach((key, values) -> params.computeIfAbsent(key, k -> new ArrayList<>())
                .addAll(values));
            text = first(params, "query");
        } else if (method.equals("POST") && type.startsWith("application/sparql-query")) {
            text = new String(body, StandardCharsets.UTF_8);
        } else if (!method.equals("GET")) {
            throw new Status(405, "method not allowed: " + method);
        }
        if (text == null) {
            throw new Status(400, "no query");
        }
        Query query = QueryFactory.create(text, Syntax.syntaxARQ);
        List<String> defaults = params.getOrDefault("default-graph-uri", List.of());
        List<String> named = params.getOrDefault("named-graph-uri", List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String contentType = Txn.calculateRead(store, () -> {
            DatasetGraph dataset = store;
            if (!defaults.isEmpty() || !named.isEmpty()) {
                // As Fuseki's SPARQL_QueryDataset: the protocol's dataset replaces FROM.
                DatasetDescription description = DatasetDescription.create(defaults, named);
                dataset = DynamicDatasets.dynamicDataset(description, store, false);
                query.getGraphURIs().clear();
                query.getNamedGraphURIs().clear();
            }
            try (QueryExecution execution =
                     QueryExecution.create(query, DatasetFactory.wrap(dataset))) {
                if (query.isSelectType()) {
                    ResultSetFormatter.outputAsJSON(out, execution.execSelect());
                    return "application/sparql-results+json";
                }
                if (query.isAskType()) {
                    ResultSetFormatter.outputAsJSON(out, execution.execAsk());
                    return "application/sparql-results+json";
                }
                Graph graph = query.isConstructType()
                    ? execution.execConstruct().getGraph()
                    : execution.execDescribe().getGraph();
                RDFDataMgr.write(out, graph, Lang.NTRIPLES);
                return "application/n-triples";
            }
        });
        send(exchange, 200, contentType, out.toByteArray());
    }

    // -- SPARQL 1.1 Graph Store Protocol -----------------------------------------------------

    private void graphStore(HttpExchange exchange, Map<String, List<String>> params, byte[] body)
            throws IOException {
        String iri = first(params, "graph");
        if (iri == null && !params.containsKey("default")) {
            throw new Status(400, "give ?graph=IRI or ?default");
        }
        Node name = iri == null ? null : NodeFactory.createURI(iri);
        String method = exchange.getRequestMethod();
        switch (method) {
            case "GET" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Txn.executeRead(store, () -> {
                    if (name != null && !store.containsGraph(name)) {
                        throw new Status(404, "No such graph: " + iri);
                    }
                    RDFDataMgr.write(out, graph(name), Lang.NTRIPLES);
                });
                send(exchange, 200, "application/n-triples", out.toByteArray());
            }
            case "PUT", "POST" -> {
                // Parsed before the transaction, so that a bad body changes nothing.
                Graph triples = GraphFactory.createDefaultGraph();
                RDFDataMgr.read(triples, new ByteArrayInputStream(body), Lang.NTRIPLES);
                boolean existed = Txn.calculateWrite(store, () -> {
                    boolean before = name == null || store.containsGraph(name);
                    Graph target = graph(name);
                    if (method.equals("PUT")) {
                        target.clear();
                    }
                    triples.find().forEachRemaining(target::add);
                    return before;
                });
                send(exchange, existed ? 204 : 201, "text/plain", "");
            }
            case "DELETE" -> {
                Txn.executeWrite(store, () -> {
                    if (name != null && !store.containsGraph(name)) {
                        throw new Status(404, "No such graph: " + iri);
                    }
                    graph(name).clear();
                });
                send(exchange, 204, "text/plain", "");
            }
            default -> throw new Status(405, "method not allowed: " + method);
        }
    }

    private Graph graph(Node name) {
        return name == null ? store.getDefaultGraph() : store.getGraph(name);
    }

    // -- HTTP helpers ------------------------------------------------------------------------

    private static Map<String, List<String>> parse(String encoded) {
        Map<String, List<String>> found = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return found;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            found.computeIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
                k -> new ArrayList<>()).add(URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return found;
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> values = params.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void send(HttpExchange exchange, int status, String type, String text)
            throws IOException {
        send(exchange, status, type, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean empty = body.length == 0;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            exchange.getResponseBody().write(body);
        }
    }
}
