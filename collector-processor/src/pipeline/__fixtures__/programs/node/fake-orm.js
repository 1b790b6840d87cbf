// Stands in for a dependency: its frames must come out as not in-app.
exports.query = function query(callback) {
  return callback();
};
