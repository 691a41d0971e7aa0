/** A user's module that requires micrograd4j. */
module io.github.micrograd4j.consumer {
    requires io.github.micrograd4j;
}
