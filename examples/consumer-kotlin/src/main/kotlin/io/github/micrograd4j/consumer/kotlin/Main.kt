package io.github.micrograd4j.consumer.kotlin

import io.github.micrograd4j.engine.Value

// The README's snippet: four operator extensions give Value Kotlin's arithmetic (`/` already works, because
// Java's div(Value) matches Kotlin's operator convention).
operator fun Value.plus(other: Value): Value = add(other)
operator fun Value.minus(other: Value): Value = sub(other)
operator fun Value.times(other: Value): Value = mul(other)
operator fun Value.unaryMinus(): Value = neg()

fun main() {
    val a = Value(2.0)
    val b = Value(-3.0)
    val c = Value(10.0)
    val d = a + b * c - -a / b          // 2 + (-30) - (-2 / -3)
    d.backward()
    println("kotlin: d = ${d.data()}, dd/da = ${a.grad()}, dd/db = ${b.grad()}")
    check(Math.abs(d.data() - (2.0 - 30.0 - 2.0 / 3.0)) < 1e-12) { "wrong value ${d.data()}" }
    check(Math.abs(a.grad() - (1.0 - 1.0 / 3.0)) < 1e-12) { "wrong dd/da ${a.grad()}" }
}
