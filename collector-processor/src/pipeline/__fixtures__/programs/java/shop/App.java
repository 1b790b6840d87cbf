package shop;

import java.util.ArrayList;
import java.util.List;

/** Prints Java stack traces for the java fixtures: a cause chain with "... N more". */
public class App {
    static int parse(String text) {
        return Integer.parseInt(text);
    }

    static int load(String text) {
        try {
            return parse(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("cannot load order " + text, e);
        }
    }

    static void process(List<String> items) {
        items.forEach(item -> {
            try {
                load(item);
            } catch (IllegalStateException e) {
                throw new RuntimeException("processing failed", e);
            }
        });
    }

    public static void main(String[] args) {
        List<String> items = new ArrayList<>();
        items.add("x1");
        try {
            process(items);
        } catch (RuntimeException e) {
            System.out.println("----- caused-by");
            e.printStackTrace(System.out);
        }
    }
}
