/* global document, window -- this file runs in the browser */
// Served to headless Chromium by chrome.mjs: an error thrown inside
// Array.prototype.map, in a function called from an event handler.
function lineTotal(line) {
  return line.product.price * line.quantity;
}

function renderCart(cart) {
  return cart.lines.map(lineTotal);
}

document.getElementById('buy').addEventListener('click', () => {
  try {
    renderCart({ lines: [{ quantity: 2 }] });
  } catch (error) {
    window.reported = error.stack;
  }
});
