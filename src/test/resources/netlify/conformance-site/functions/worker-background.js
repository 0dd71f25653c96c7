// a -background name makes a background function
exports.handler = async () => {}
