import java.io.FileReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Java bugs for the stack-trace corpus: real exceptions from the JDK and from
 * hand-written bug sites, through different call paths, with varied data.
 * Prints one JSON sample per line: bug, lang, type, message, stack.
 */
public class JavaBugs {
  static final Random RND = new Random(20261126L);

  static class InventoryException extends RuntimeException {
    InventoryException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  // Bug "java-npe-name": a customer without a name reaches the greeting.
  static int greetingLength(Map<String, String> customer) {
    return customer.get("name").length();
  }

  static String greet(Map<String, String> customer) {
    return "Hello " + greetingLength(customer);
  }

  // Bug "java-parse-qty": quantities with units reach Integer.parseInt.
  static int parseQuantity(String text) {
    return Integer.parseInt(text);
  }

  // Bug "java-index": the third line of a short order.
  static String thirdLine(List<String> lines) {
    return lines.get(2);
  }

  // Bug "java-stock-wrapped": the stock file is missing; wrapped in a domain exception.
  static String loadStock(String warehouse) {
    try (FileReader reader = new FileReader("/tmp/faultline-stock-" + warehouse + ".csv")) {
      return String.valueOf(reader.read());
    } catch (IOException e) {
      throw new InventoryException("stock for " + warehouse + " unavailable", e);
    }
  }

  // Bug "java-connect": the pricing service port is closed.
  static void callPricing(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(1);
    }
  }

  // Two bugs, one helper, one message (trap).
  static void requirePositive(long value) {
    if (value <= 0) throw new IllegalArgumentException("value must be positive: " + value);
  }

  static void setDiscount(long percent) {
    requirePositive(percent); // Bug "java-discount"
  }

  static void setPageSize(long size) {
    requirePositive(size); // Bug "java-page-size"
  }

  // Bug "java-recursive": a broken tree walk at varied depth.
  static int depthOf(int remaining) {
    if (remaining == 0) throw new IllegalStateException("orphan node after " + RND.nextInt(1000) + " steps");
    return depthOf(remaining - 1) + 1;
  }

  static Object viaHttp(Supplier<Object> s) {
    return s.get();
  }

  static Object viaScheduler(Supplier<Object> s) {
    Object result = s.get();
    return result;
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c == '\n') b.append("\\n");
      else if (c == '\r') b.append("\\r");
      else if (c == '\t') b.append("\\t");
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  public static void main(String[] args) throws IOException {
    int port = closedPort();
    Map<String, Supplier<Object>> bugs = new HashMap<>();
    List<String> order = new ArrayList<>();
    String[] words = {"alpha", "bravo", "kilo", "oscar", "zulu"};
    bugs.put("java-npe-name", () -> greet(new HashMap<>(Map.of("id", "c-" + RND.nextInt(99999)))));
    bugs.put("java-parse-qty", () -> parseQuantity(RND.nextInt(99) + " " + words[RND.nextInt(5)]));
    bugs.put("java-index", () -> thirdLine(List.of("sku-" + RND.nextInt(999))));
    bugs.put("java-stock-wrapped", () -> loadStock(words[RND.nextInt(5)] + "-" + RND.nextInt(99)));
    bugs.put("java-connect", () -> {
      try {
        callPricing(port);
        return null;
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    bugs.put("java-discount", () -> {
      setDiscount(-RND.nextInt(100));
      return null;
    });
    bugs.put("java-page-size", () -> {
      setPageSize(-RND.nextInt(100));
      return null;
    });
    bugs.put("java-recursive", () -> depthOf(1 + RND.nextInt(12)));
    order.addAll(bugs.keySet());
    order.sort(null);
    StringBuilder out = new StringBuilder();
    for (int round = 0; round < 12; round++) {
      for (String bug : order) {
        try {
          if (RND.nextBoolean()) viaHttp(bugs.get(bug));
          else viaScheduler(bugs.get(bug));
        } catch (RuntimeException e) {
          StringWriter w = new StringWriter();
          e.printStackTrace(new PrintWriter(w));
          out.append("{\"bug\":").append(json(bug))
              .append(",\"lang\":\"java\",\"type\":").append(json(e.getClass().getName()))
              .append(",\"message\":").append(json(String.valueOf(e.getMessage())))
              .append(",\"stack\":").append(json(w.toString())).append("}\n");
        }
      }
    }
    System.out.print(out);
  }
}
