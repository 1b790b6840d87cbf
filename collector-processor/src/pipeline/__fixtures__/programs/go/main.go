// Prints a Go panic for the go fixtures: the program panics in a goroutine,
// inside a callback that the standard library (sort) calls.
package main

import (
	"sort"
	"sync"
)

type order struct{ items []int }

func total(o *order) int {
	return o.items[3]
}

func worker(o *order, wg *sync.WaitGroup) {
	defer wg.Done()
	sort.Slice(o.items, func(i, j int) bool { return total(o) > 0 })
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&order{items: []int{2, 1}}, &wg)
	wg.Wait()
}
